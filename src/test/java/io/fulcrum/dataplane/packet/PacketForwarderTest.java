package io.fulcrum.dataplane.packet;

import static io.fulcrum.dataplane.packet.EngineFrames.ETH;
import static io.fulcrum.dataplane.packet.EngineFrames.getInt;
import static io.fulcrum.dataplane.packet.EngineFrames.getShort;
import static io.fulcrum.dataplane.packet.EngineFrames.ip;
import static io.fulcrum.dataplane.packet.EngineFrames.mac;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.ipvs.DestinationSettings;
import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.ServiceSettings;
import io.fulcrum.ipvs.ServiceTable;
import io.fulcrum.ipvs.conn.ConnectionOptions;
import io.fulcrum.ipvs.conn.ConnectionTable;
import io.fulcrum.ipvs.conn.ConnectionView;
import io.fulcrum.ipvs.sched.SchedulerFactory;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PacketForwarderTest {

    private static final long CLIENT_MAC = 0x02_00_00_00_00_01L;
    private static final long DIRECTOR_MAC = 0x02_00_00_00_00_10L;
    private static final long RS1_MAC = 0x02_00_00_00_00_21L;
    private static final long RS2_MAC = 0x02_00_00_00_00_22L;
    private static final int IFINDEX = 7;
    private static final int CLIENT = ip("10.0.0.50");
    private static final int VIP = ip("10.0.0.100");
    private static final int DIRECTOR = ip("10.0.0.2");
    private static final IpAddress RS1 = IpAddress.parse("10.0.0.11");
    private static final IpAddress RS2 = IpAddress.parse("10.0.0.12");
    private static final int SYN = 0x02;
    private static final int ACK = 0x10;

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final ServiceTable table = new ServiceTable(new SchedulerFactory(clock::get, () -> new SplittableRandom(1)));
    private final ConnectionTable conns = new ConnectionTable(ConnectionOptions.DEFAULT);
    private final PacketCounters counters = new PacketCounters();
    private final List<IpAddress> resolving = new ArrayList<>();
    private final List<byte[]> sent = new ArrayList<>();
    private final List<Integer> sentOn = new ArrayList<>();
    private ServiceMap services = ServiceMap.EMPTY;
    private NextHops hops = new NextHops(List.of(new NextHop(RS1, IFINDEX, RS1_MAC), new NextHop(RS2, IFINDEX,
            RS2_MAC), new NextHop(IpAddress.parse("10.0.0.50"), IFINDEX, CLIENT_MAC)));
    private LocalAddresses locals = new LocalAddresses(List.of(IpAddress.parse("10.0.0.100"),
            IpAddress.parse("10.0.0.2")));
    private final PacketForwarder forwarder = new PacketForwarder(conns, () -> services, () -> hops, () -> locals,
            List.of(new LinkInfo(IFINDEX, "eth0", DIRECTOR_MAC, 1500, DIRECTOR)), counters, resolving::add,
            MemorySegment.ofArray(new byte[2048]));

    private final FrameSink sink = (ifindex, frame, length) -> {
        sent.add(frame.asSlice(0, length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        sentOn.add(ifindex);
        return true;
    };

    private ServiceKey.Inet service(Protocol p, int port, String scheduler, ForwardingMethod method, int rsPort) {
        ServiceKey.Inet key = new ServiceKey.Inet(p, IpAddress.parse("10.0.0.100"), port);
        assertThat(table.addService(key, ServiceSettings.of(scheduler)).ok()).isTrue();
        assertThat(table.addDestination(key, RS1, rsPort, DestinationSettings.of(method, 1)).ok()).isTrue();
        assertThat(table.addDestination(key, RS2, rsPort, DestinationSettings.of(method, 1)).ok()).isTrue();
        services = new ServiceMap(List.of(new PacketService(key, table.service(key).orElseThrow())));
        return key;
    }

    private void receive(byte[] frame) {
        receive(frame, PacketForwarder.PACKET_HOST);
    }

    private void receive(byte[] frame, int packetType) {
        byte[] copy = frame.clone();
        forwarder.handle(MemorySegment.ofArray(copy), copy.length, packetType, false, clock.get(), sink);
    }

    private static byte[] clientTcp(int sport, int flags) {
        return EngineFrames.tcp(DIRECTOR_MAC, CLIENT_MAC, CLIENT, sport, VIP, 80, flags, 0);
    }

    @Test
    void drRewritesOnlyTheMacsAndKeepsAFlowOnItsRealServer() {
        service(Protocol.TCP, 80, "rr", ForwardingMethod.ROUTE, 80);
        byte[] syn = clientTcp(40000, SYN);
        receive(syn);
        receive(clientTcp(40000, ACK));
        receive(clientTcp(40001, SYN));

        assertThat(sent).hasSize(3);
        byte[] out = sent.getFirst();
        long first = mac(out, 0);
        assertThat(first).isIn(RS1_MAC, RS2_MAC);
        assertThat(mac(out, 6)).isEqualTo(DIRECTOR_MAC);
        assertThat(java.util.Arrays.copyOfRange(out, 12, out.length))
                .isEqualTo(java.util.Arrays.copyOfRange(syn, 12, syn.length)); // IP packet untouched
        assertThat(mac(sent.get(1), 0)).as("the flow's ACK follows its SYN").isEqualTo(first);
        assertThat(mac(sent.get(2), 0)).as("rr: the next connection goes to the other").isNotEqualTo(first);
        assertThat(sentOn).containsOnly(IFINDEX);
        List<ConnectionView> entries = conns.list(clock.get());
        assertThat(entries).hasSize(2);
        assertThat(counters.forwardedCount()).isEqualTo(3);
    }

    @Test
    void aTcpPacketOtherThanSynWithoutAConnectionIsDropped() {
        service(Protocol.TCP, 80, "rr", ForwardingMethod.ROUTE, 80);
        receive(clientTcp(40000, ACK));
        receive(clientTcp(40000, SYN | ACK));
        assertThat(sent).isEmpty();
        assertThat(counters.drops(PacketDrop.NO_CONNECTION)).isEqualTo(2);
    }

    @Test
    void withAHashingSchedulerAnEstablishedFlowWithoutAnEntryGoesOnToTheSameRealServer() {
        service(Protocol.TCP, 80, "sh", ForwardingMethod.ROUTE, 80);
        receive(clientTcp(40000, SYN));
        long rs = mac(sent.getFirst(), 0);
        // another director took over: it has no entry for the flow, sh hashes the client to the same server
        PacketForwarder other = new PacketForwarder(new ConnectionTable(ConnectionOptions.DEFAULT), () -> services,
                () -> hops, () -> locals, List.of(new LinkInfo(IFINDEX, "eth0", DIRECTOR_MAC, 1500, DIRECTOR)),
                counters, resolving::add, MemorySegment.ofArray(new byte[2048]));
        byte[] ack = clientTcp(40000, ACK);
        other.handle(MemorySegment.ofArray(ack), ack.length, PacketForwarder.PACKET_HOST, false, clock.get(), sink);
        assertThat(sent).hasSize(2);
        assertThat(mac(sent.get(1), 0)).isEqualTo(rs);
        byte[] rst = clientTcp(40001, 0x04);
        other.handle(MemorySegment.ofArray(rst), rst.length, PacketForwarder.PACKET_HOST, false, clock.get(), sink);
        assertThat(sent).as("a reset opens nothing").hasSize(2);
    }

    @Test
    void aTcpSuperFrameIsCutIntoMtuSizedSegmentsAndAUdpOneDropped() {
        service(Protocol.TCP, 80, "rr", ForwardingMethod.ROUTE, 80);
        List<byte[]> out = new ArrayList<>();
        FrameSink small = new FrameSink() {
            @Override
            public boolean queue(int ifindex, MemorySegment frame, int length) {
                out.add(frame.asSlice(0, length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
                return true;
            }

            @Override
            public int maxFrame(int ifindex) {
                return 2080;
            }
        };
        byte[] syn = clientTcp(40000, SYN);
        forwarder.handle(MemorySegment.ofArray(syn), syn.length, PacketForwarder.PACKET_HOST, false, clock.get(),
                small);
        int psh = 0x08;
        byte[] superFrame = EngineFrames.tcp(DIRECTOR_MAC, CLIENT_MAC, CLIENT, 40000, VIP, 80, ACK | psh | 0x01,
                30_000);
        forwarder.handle(MemorySegment.ofArray(superFrame), superFrame.length, PacketForwarder.PACKET_HOST, true,
                clock.get(), small);
        List<byte[]> segments = out.subList(1, out.size());
        assertThat(segments).hasSize((30_000 + 1459) / 1460); // MSS = 1500 - 20 - 20
        int seq = getInt(superFrame, ETH + 24);
        int payload = 0;
        for (int i = 0; i < segments.size(); i++) {
            byte[] f = segments.get(i);
            assertThat(f.length).isLessThanOrEqualTo(1514);
            assertThat(EngineFrames.ipChecksumOk(f)).isZero();
            assertThat(getShort(f, ETH + 36)).isEqualTo(EngineFrames.l4Checksum(f));
            assertThat(getInt(f, ETH + 24)).isEqualTo(seq + payload);
            int flags = f[ETH + 33] & 0xff;
            boolean last = i == segments.size() - 1;
            assertThat(flags & 0x09).as("FIN and PSH on the last segment only").isEqualTo(last ? 0x09 : 0);
            assertThat(java.util.Arrays.copyOfRange(f, ETH + 40, f.length)).isEqualTo(java.util.Arrays
                    .copyOfRange(superFrame, ETH + 40 + payload, ETH + 40 + payload + f.length - ETH - 40));
            payload += f.length - ETH - 40;
        }
        assertThat(payload).isEqualTo(30_000);
        assertThat(counters.segmentCount()).isEqualTo(segments.size());

        ServiceKey.Inet dns = new ServiceKey.Inet(Protocol.UDP, IpAddress.parse("10.0.0.100"), 53);
        table.addService(dns, ServiceSettings.of("rr"));
        table.addDestination(dns, RS1, 53, DestinationSettings.of(ForwardingMethod.ROUTE, 1));
        services = new ServiceMap(List.of(new PacketService(dns, table.service(dns).orElseThrow())));
        byte[] bigUdp = EngineFrames.udp(DIRECTOR_MAC, CLIENT_MAC, CLIENT, 5353, VIP, 53, 4000);
        forwarder.handle(MemorySegment.ofArray(bigUdp), bigUdp.length, PacketForwarder.PACKET_HOST, false,
                clock.get(), small);
        assertThat(counters.drops(PacketDrop.TOO_BIG)).isEqualTo(1);
    }

    @Test
    void anUnknownNextHopIsResolvedAndThePacketDropped() {
        hops = NextHops.EMPTY;
        service(Protocol.TCP, 80, "rr", ForwardingMethod.ROUTE, 80);
        receive(clientTcp(40000, SYN));
        assertThat(sent).isEmpty();
        assertThat(counters.drops(PacketDrop.NO_NEIGHBOUR)).isEqualTo(1);
        assertThat(resolving).containsAnyOf(RS1, RS2);
    }

    @Test
    void framesNotForThisHostOrNotServedAreCounted() {
        service(Protocol.TCP, 80, "rr", ForwardingMethod.ROUTE, 80);
        receive(clientTcp(40000, SYN), 3); // PACKET_OTHERHOST
        receive(EngineFrames.tcp(DIRECTOR_MAC, CLIENT_MAC, CLIENT, 40000, VIP, 81, SYN, 0));
        byte[] truncated = java.util.Arrays.copyOf(clientTcp(40000, SYN), ETH + 10);
        receive(truncated);
        assertThat(sent).isEmpty();
        assertThat(counters.drops(PacketDrop.NOT_FOR_US)).isEqualTo(1);
        assertThat(counters.drops(PacketDrop.NOT_SERVED)).isEqualTo(1);
        assertThat(counters.drops(PacketDrop.MALFORMED)).isEqualTo(1);
        assertThat(counters.receivedCount()).isEqualTo(3);
    }

    /**
     * The hot path allocates nothing: once warm, forwarding 2,000 segments of an established DR connection (parse,
     * service and connection lookup, state, counters, rewrite, queue) allocates nothing on the forwarding thread.
     */
    @Test
    void forwardingEstablishedConnectionsAllocatesNothingPerPacket() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int[] queued = {0};
        FrameSink quiet = new FrameSink() {
            @Override
            public boolean queue(int ifindex, MemorySegment frame, int length) {
                queued[0]++;
                return true;
            }

            @Override
            public int maxFrame(int ifindex) {
                return 2048;
            }
        };
        service(Protocol.TCP, 80, "rr", ForwardingMethod.ROUTE, 80);
        receive(clientTcp(40000, SYN));
        byte[] ack = clientTcp(40000, ACK);
        MemorySegment source = MemorySegment.ofArray(ack);
        MemorySegment segment = MemorySegment.ofArray(ack.clone());
        long[] allocated = new long[12];
        for (int round = 0; round < allocated.length; round++) { // the first rounds warm up (JIT)
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 2_000; i++) {
                MemorySegment.copy(source, 0, segment, 0, ack.length);
                forwarder.handle(segment, ack.length, PacketForwarder.PACKET_HOST, false, clock.get(), quiet);
            }
            allocated[round] = threads.getCurrentThreadAllocatedBytes() - before;
        }
        assertThat(queued[0]).isEqualTo(24_000);
        assertThat(allocated[10] + allocated[11]).as("bytes allocated per 2,000 segments: %s",
                java.util.Arrays.toString(allocated)).isLessThan(1024);
    }

    /** As IPVS sees a packet only when its VIP is local: a backup director (no VIP) forwards nothing. */
    @Test
    void onlyWhileTheVipIsOnThisDirectorIsItsTrafficForwarded() {
        service(Protocol.TCP, 80, "rr", ForwardingMethod.ROUTE, 80);
        locals = new LocalAddresses(List.of(IpAddress.parse("10.0.0.2")));
        receive(clientTcp(40000, SYN));
        assertThat(sent).isEmpty();
        assertThat(counters.drops(PacketDrop.VIP_NOT_ACTIVE)).isEqualTo(1);
        assertThat(conns.size()).isZero();

        locals = new LocalAddresses(List.of(IpAddress.parse("10.0.0.2"), IpAddress.parse("10.0.0.100")));
        receive(clientTcp(40000, SYN));
        assertThat(sent).hasSize(1);

        locals = new LocalAddresses(List.of(IpAddress.parse("10.0.0.2"))); // VRRP moved the VIP away
        receive(clientTcp(40000, ACK));
        assertThat(sent).hasSize(1);
        assertThat(counters.drops(PacketDrop.VIP_NOT_ACTIVE)).isEqualTo(2);
    }

    @Test
    void withoutAnAvailableRealServerTheSynIsDropped() {
        ServiceKey.Inet key = new ServiceKey.Inet(Protocol.TCP, IpAddress.parse("10.0.0.100"), 80);
        assertThat(table.addService(key, ServiceSettings.of("rr")).ok()).isTrue();
        services = new ServiceMap(List.of(new PacketService(key, table.service(key).orElseThrow())));
        receive(clientTcp(40000, SYN));
        assertThat(counters.drops(PacketDrop.NO_DESTINATION)).isEqualTo(1);
    }

    @Test
    void natRewritesTheDestinationAndTheRepliesSource() {
        service(Protocol.TCP, 80, "rr", ForwardingMethod.MASQ, 8080);
        receive(clientTcp(40000, SYN));
        assertThat(sent).hasSize(1);
        byte[] in = sent.getFirst();
        int rs = getInt(in, ETH + 16);
        assertThat(rs).isIn(ip("10.0.0.11"), ip("10.0.0.12"));
        assertThat(getShort(in, ETH + 22)).isEqualTo(8080);
        assertThat(in[ETH + 8] & 0xff).as("TTL decremented").isEqualTo(63);
        assertThat(EngineFrames.ipChecksumOk(in)).isZero();
        assertThat(getShort(in, ETH + 36)).isEqualTo(EngineFrames.l4Checksum(in));
        assertThat(mac(in, 0)).isEqualTo(rs == ip("10.0.0.11") ? RS1_MAC : RS2_MAC);

        byte[] reply = EngineFrames.tcp(DIRECTOR_MAC, rs == ip("10.0.0.11") ? RS1_MAC : RS2_MAC, rs, 8080, CLIENT,
                40000, SYN | ACK, 0);
        receive(reply);
        assertThat(sent).hasSize(2);
        byte[] out = sent.get(1);
        assertThat(getInt(out, ETH + 12)).isEqualTo(VIP);
        assertThat(getShort(out, ETH + 20)).isEqualTo(80);
        assertThat(getInt(out, ETH + 16)).isEqualTo(CLIENT);
        assertThat(mac(out, 0)).isEqualTo(CLIENT_MAC);
        assertThat(EngineFrames.ipChecksumOk(out)).isZero();
        assertThat(getShort(out, ETH + 36)).isEqualTo(EngineFrames.l4Checksum(out));
        assertThat(conns.list(clock.get()).getFirst().state()).isEqualTo("SYN_RECV");
    }

    @Test
    void tunWrapsThePacketInIpip() {
        service(Protocol.UDP, 53, "rr", ForwardingMethod.TUNNEL, 53);
        byte[] q = EngineFrames.udp(DIRECTOR_MAC, CLIENT_MAC, CLIENT, 5353, VIP, 53, 30);
        receive(q);
        assertThat(sent).hasSize(1);
        byte[] out = sent.getFirst();
        assertThat(out.length).isEqualTo(q.length + 20);
        assertThat(out[ETH + 9] & 0xff).as("IPIP").isEqualTo(4);
        assertThat(getInt(out, ETH + 12)).isEqualTo(DIRECTOR);
        assertThat(getInt(out, ETH + 16)).isIn(ip("10.0.0.11"), ip("10.0.0.12"));
        assertThat(EngineFrames.ipChecksumOk(out)).isZero();
        assertThat(java.util.Arrays.copyOfRange(out, ETH + 20, out.length))
                .isEqualTo(java.util.Arrays.copyOfRange(q, ETH, q.length));
    }
}
