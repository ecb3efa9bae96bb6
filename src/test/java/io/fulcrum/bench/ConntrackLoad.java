package io.fulcrum.bench;

import io.fulcrum.common.IpAddress;
import io.fulcrum.ipvs.DestinationSettings;
import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.ScheduleInput;
import io.fulcrum.ipvs.SchedulingView;
import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.ServiceSettings;
import io.fulcrum.ipvs.ServiceTable;
import io.fulcrum.ipvs.conn.Connection;
import io.fulcrum.ipvs.conn.ConnectionOptions;
import io.fulcrum.ipvs.conn.ConnectionTable;
import io.fulcrum.ipvs.conn.Direction;
import io.fulcrum.ipvs.conn.ScheduleResult;
import io.fulcrum.ipvs.conn.TcpFlags;
import io.fulcrum.ipvs.sched.SchedulerFactory;
import java.util.SplittableRandom;

/**
 * A connection table filled with established TCP connections through a NAT service of 10 real servers (rr), with
 * the keys of every entry kept in primitive arrays for lookups. IPv4 clients are 10.0.0.0/8 addresses, IPv6 ones
 * 2001:db8::/64 addresses, each with a random source port.
 */
final class ConntrackLoad {

    static final int VPORT = 80;

    final ConnectionTable table = new ConnectionTable(ConnectionOptions.DEFAULT);
    final boolean v6;
    final IpAddress vip;
    final int vipV4;
    final SchedulingView view;
    final int[] clientAddress;
    final int[] clientPort;
    final int[] destAddress;
    final int[] destPort;
    private final SplittableRandom random = new SplittableRandom(17);
    private int size;

    ConntrackLoad(int capacity, boolean v6) {
        this.v6 = v6;
        vip = IpAddress.parse(v6 ? "2001:db8:ffff::100" : "192.168.10.100");
        vipV4 = v6 ? 0 : 0xc0a80a64;
        ServiceTable services = new ServiceTable(new SchedulerFactory(() -> 0L, () -> new SplittableRandom(3)));
        ServiceKey key = new ServiceKey.Inet(Protocol.TCP, vip, VPORT);
        services.addService(key, ServiceSettings.of("rr"));
        for (int i = 1; i <= 10; i++) {
            services.addDestination(key, IpAddress.parse(v6 ? "2001:db8:fffe::" + i : "10.255.0." + i), 8080,
                    DestinationSettings.of(ForwardingMethod.MASQ, 1));
        }
        view = services.service(key).orElseThrow().view();
        clientAddress = new int[capacity];
        clientPort = new int[capacity];
        destAddress = new int[capacity];
        destPort = new int[capacity];
    }

    int size() {
        return size;
    }

    /** The client of entry {@code i}: 10.x.y.z, or 2001:db8::x:y:z for IPv6. */
    IpAddress client(int i) {
        int a = 0x0a000000 | (i + 1);
        return IpAddress.ofBytes(v6 ? new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0,
            (byte) (a >> 24), (byte) (a >> 16), (byte) (a >> 8), (byte) a}
                : new byte[] {(byte) (a >> 24), (byte) (a >> 16), (byte) (a >> 8), (byte) a});
    }

    /** Opens and establishes one more connection at {@code now}. */
    Connection add(long now) {
        int i = size++;
        int port = 1024 + random.nextInt(64000);
        ScheduleResult r = table.schedule(view, new ScheduleInput(client(i), port, vip, VPORT, Protocol.TCP), now);
        Connection c = ((ScheduleResult.Scheduled) r).connection();
        table.onTcpPacket(c, Direction.INPUT, TcpFlags.SYN, now);
        table.onTcpPacket(c, Direction.INPUT, TcpFlags.ACK, now);
        clientAddress[i] = 0x0a000000 | (i + 1);
        clientPort[i] = port;
        destAddress[i] = (int) c.destAddressLow();
        destPort[i] = c.destPort();
        return c;
    }

    void fill(int n, long now) {
        for (int i = 0; i < n; i++) {
            add(now);
        }
    }

    /** The indexes 0 .. size-1 in a random order. */
    int[] shuffledIndexes() {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
