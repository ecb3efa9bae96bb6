package io.fulcrum.ipvs.conn;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.DestinationScheduler;
import io.fulcrum.ipvs.DestinationSettings;
import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.Persistence;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.ScheduleInput;
import io.fulcrum.ipvs.SchedulerProvider;
import io.fulcrum.ipvs.SchedulingView;
import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.ServiceSettings;
import io.fulcrum.ipvs.ServiceTable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A service table with round-robin stand-in schedulers, and helpers to open connections on it. */
final class Fixture {

    static final long SECOND = 1_000_000_000L;
    /** An arbitrary monotonic origin, negative to catch sign mistakes. */
    static final long T0 = -7_000_000_000_000L;

    /** Round robin over the schedulable destinations, enough to show when a template overrides the scheduler. */
    private static final SchedulerProvider PROVIDER = (name, flags, dests) -> Optional.of(new DestinationScheduler() {
        private final AtomicInteger next = new AtomicInteger();

        @Override
        public String name() {
            return name;
        }

        @Override
        public Optional<Destination> pick(List<Destination> ds, ScheduleInput in) {
            List<Destination> ok = ds.stream().filter(Destination::schedulable).toList();
            return ok.isEmpty() ? Optional.empty()
                    : Optional.of(ok.get(Math.floorMod(next.getAndIncrement(), ok.size())));
        }
    });

    final ServiceTable services = new ServiceTable(PROVIDER);
    final ConnectionTable table;

    Fixture() {
        this(ConnectionOptions.DEFAULT);
    }

    Fixture(ConnectionOptions options) {
        table = new ConnectionTable(options, 42);
    }

    static ServiceKey tcp(String vip, int port) {
        return new ServiceKey.Inet(Protocol.TCP, IpAddress.parse(vip), port);
    }

    static ServiceKey udp(String vip, int port) {
        return new ServiceKey.Inet(Protocol.UDP, IpAddress.parse(vip), port);
    }

    static ServiceSettings persistent(int seconds, int prefix) {
        return ServiceSettings.of("rr").withPersistence(new Persistence(seconds, prefix));
    }

    Fixture service(ServiceKey key, ServiceSettings settings) {
        assertThat(services.addService(key, settings).ok()).isTrue();
        return this;
    }

    Fixture service(ServiceKey key) {
        return service(key, ServiceSettings.of("rr"));
    }

    Destination dest(ServiceKey key, String address, int port, ForwardingMethod fwd, int weight) {
        assertThat(services.addDestination(key, IpAddress.parse(address), port, DestinationSettings.of(fwd, weight))
                .ok()).isTrue();
        return view(key).find(IpAddress.parse(address), port).orElseThrow();
    }

    /** A new fixture with {@code key} (settings {@code s}) and two NAT destinations on {@code port}. */
    static Fixture twoDestinations(ConnectionOptions options, ServiceKey key, ServiceSettings s, int port) {
        Fixture f = new Fixture(options).service(key, s);
        f.dest(key, key.isV6() ? "2001:db8:ffff::1" : "10.0.0.1", port);
        f.dest(key, key.isV6() ? "2001:db8:ffff::2" : "10.0.0.2", port);
        return f;
    }

    Destination dest(ServiceKey key, String address, int port) {
        return dest(key, address, port, ForwardingMethod.MASQ, 1);
    }

    SchedulingView view(ServiceKey key) {
        return services.service(key).orElseThrow().view();
    }

    ScheduleResult schedule(ServiceKey key, Protocol p, String client, int clientPort, String vip, int vport,
                            long now) {
        return table.schedule(view(key), new ScheduleInput(IpAddress.parse(client), clientPort, IpAddress.parse(vip),
                vport, p), now);
    }

    /** Schedules and expects a connection. */
    Connection open(ServiceKey key, Protocol p, String client, int clientPort, String vip, int vport, long now) {
        ScheduleResult r = schedule(key, p, client, clientPort, vip, vport, now);
        assertThat(r).isInstanceOf(ScheduleResult.Scheduled.class);
        return ((ScheduleResult.Scheduled) r).connection();
    }

    /** A TCP connection to the service's own address and port. */
    Connection open(ServiceKey.Inet key, String client, int clientPort, long now) {
        return open(key, key.protocol(), client, clientPort, key.address().toString(), key.port(), now);
    }

    /** Expires everything due at {@code now}, however many calls it takes. */
    void expireAll(long now) {
        while (!table.expire(now, 1000)) {
            // work off the backlog
        }
    }

    /**
     * Expires everything due a nanosecond before {@code seconds}, expecting {@code size} entries left, then at
     * {@code seconds}, expecting one fewer: the entry's deadline is exact.
     */
    void lastEntryExpiresAt(double seconds, int size) {
        expireAll(at(seconds) - 1);
        assertThat(table.size()).as("entries just before %s s", seconds).isEqualTo(size);
        expireAll(at(seconds));
        assertThat(table.size()).as("entries at %s s", seconds).isEqualTo(size - 1);
    }

    /** A TCP connection opened and established (client SYN, then ACK) at {@code seconds}. */
    Connection established(ServiceKey.Inet key, String client, int clientPort, double seconds) {
        Connection c = open(key, client, clientPort, at(seconds));
        table.onTcpPacket(c, Direction.INPUT, TcpFlags.SYN, at(seconds));
        table.onTcpPacket(c, Direction.INPUT, TcpFlags.ACK, at(seconds));
        return c;
    }

    static long at(double seconds) {
        return T0 + Math.round(seconds * SECOND);
    }
}
