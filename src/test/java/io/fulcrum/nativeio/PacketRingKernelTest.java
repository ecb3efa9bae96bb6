package io.fulcrum.nativeio;

import static io.fulcrum.nativeio.Frames.TCP;
import static io.fulcrum.nativeio.Frames.UDP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.IpAddress;
import io.fulcrum.nativeio.BpfProgram.Match;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PacketRing and BpfProgram against the kernel: frames sent by a PacketSocket in namespace A of a {@link NetnsPair}
 * are received by rings in B. Needs root.
 */
class PacketRingKernelTest {

    private static final IpAddress VIP = IpAddress.parse("198.51.100.10");
    private static final IpAddress VIP6 = IpAddress.parse("2001:db8::10");
    private static final IpAddress CLIENT = IpAddress.parse("203.0.113.7");
    private static final IpAddress CLIENT6 = IpAddress.parse("2001:db8:1::7");
    private static final IpAddress RS = IpAddress.parse("10.0.0.5");
    private static final RingConfig SMALL = new RingConfig(1 << 16, 8, 2048, 2, -1);

    private static NetnsPair pair;
    private static PacketSocket senderA;
    private static long macB;

    @BeforeAll
    static void createNamespaces() throws Exception {
        NetnsPair.assumeRootAndIp();
        pair = NetnsPair.create("k");
        senderA = pair.inA.call(() -> PacketSocket.open(NetnsPair.IF));
        try (Rtnetlink netlink = pair.inB.call(Rtnetlink::open)) {
            byte[] mac = netlink.links().stream().filter(l -> l.name().equals(NetnsPair.IF)).findFirst()
                    .orElseThrow().mac();
            for (byte b : mac) {
                macB = (macB << 8) | (b & 0xff);
            }
        }
    }

    @AfterAll
    static void removeNamespaces() {
        if (senderA != null) {
            senderA.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    private static PacketRing ringIn(NamespaceThread ns, RingConfig config, BpfProgram filter) throws Exception {
        return ns.call(() -> PacketRing.open(NetnsPair.IF, config, filter));
    }

    @Test
    void framesFromThePeerArriveWithTheirPacketType() throws Exception {
        try (PacketRing ring = ringIn(pair.inB, SMALL, BpfProgram.acceptAll())) {
            assertThat(ring.interfaceMac()).isEqualTo(macB);
            assertThat(ring.interfaceName()).isEqualTo(NetnsPair.IF);
            assertThat(ring.interfaceIndex()).isPositive();
            byte[] unicast = Frames.marker(Frames.mac(macB), Frames.SOURCE, 1, 0);
            byte[] broadcast = Frames.marker(Frames.BROADCAST, Frames.SOURCE, 1, 1);
            byte[] other = Frames.marker(Frames.mac(0x02_00_00_00_00_99L), Frames.SOURCE, 1, 2);
            byte[] multicast = Frames.marker(Frames.mac(0x01_00_5e_00_00_42L), Frames.SOURCE, 1, 3);
            for (byte[] f : List.of(unicast, broadcast, other, multicast)) {
                senderA.send(f);
            }
            RingCollector c = new RingCollector(ring).until(f -> c4(f), 3000);
            Map<Integer, Integer> types = new HashMap<>();
            for (RingCollector.Frame f : c.frames) {
                int seq = Frames.markerSeq(f.bytes(), 1);
                if (seq >= 0) {
                    types.put(seq, f.packetType());
                    assertThat(f.bytes()).isEqualTo(List.of(unicast, broadcast, other, multicast).get(seq));
                }
            }
            assertThat(types).containsExactlyInAnyOrderEntriesOf(Map.of(0, PacketRing.PACKET_HOST,
                    1, PacketRing.PACKET_BROADCAST, 2, PacketRing.PACKET_OTHERHOST, 3, PacketRing.PACKET_MULTICAST));
            assertThat(ring.truncatedFrames()).isZero();
        }
    }

    private static boolean c4(List<RingCollector.Frame> frames) {
        return frames.stream().filter(f -> Frames.markerSeq(f.bytes(), 1) >= 0).count() == 4;
    }

    @Test
    void ownTransmittedFramesAreNotReceived() throws Exception {
        try (PacketRing inA = ringIn(pair.inA, SMALL, BpfProgram.acceptAll());
                PacketRing inB = ringIn(pair.inB, SMALL, BpfProgram.acceptAll())) {
            for (int i = 0; i < 5; i++) {
                senderA.send(Frames.marker(Frames.BROADCAST, Frames.SOURCE, 2, i));
            }
            RingCollector atB = new RingCollector(inB).until(f -> f.size() >= 5 && markers(f, 2) == 5, 3000);
            assertThat(atB.markers(2)).containsExactly(0, 1, 2, 3, 4);
            assertThat(new RingCollector(inA).during(300).markers(2)).isEmpty();
        }
    }

    private static long markers(List<RingCollector.Frame> frames, int tag) {
        return frames.stream().filter(f -> Frames.markerSeq(f.bytes(), tag) >= 0).count();
    }

    @Test
    void theFilterDropsOtherTrafficInTheKernelAndPassesServicesAndNatReplies() throws Exception {
        BpfProgram filter = BpfProgram.forTraffic(
                List.of(new Match(TCP, VIP, 80), new Match(UDP, VIP, 53), new Match(TCP, VIP6, 443)),
                List.of(new Match(TCP, RS, 8080)));
        byte[] dst = Frames.mac(macB);
        List<byte[]> wanted = List.of(
                Frames.ipv4(dst, CLIENT, VIP, TCP, 40001, 80),
                Frames.ipv4(dst, CLIENT, VIP, UDP, 40002, 53),
                Frames.ipv6(dst, CLIENT6, VIP6, TCP, 40003, 443),
                Frames.ipv4(dst, RS, CLIENT, TCP, 8080, 40004),
                Frames.ipv4(dst, CLIENT, VIP, TCP, 1, 0, Frames.l4(TCP, 40005, 80, new byte[4])));
        List<byte[]> unwanted = List.of(
                Frames.ipv4(dst, CLIENT, VIP, TCP, 40001, 81),
                Frames.ipv4(dst, CLIENT, VIP, UDP, 40001, 80),
                Frames.ipv4(dst, CLIENT, RS, TCP, 40001, 8080),
                Frames.ipv4(dst, RS, CLIENT, TCP, 8081, 40001),
                Frames.ipv6(dst, CLIENT6, VIP6, TCP, 40001, 80),
                Frames.vlan(Frames.ipv4(dst, CLIENT, VIP, TCP, 40001, 80), 0x8100, 5),
                Frames.arp(CLIENT, VIP),
                Frames.marker(dst, Frames.SOURCE, 3, 0));
        try (PacketRing ring = ringIn(pair.inB, SMALL, filter)) {
            for (byte[] f : unwanted) {
                senderA.send(f);
            }
            for (byte[] f : wanted) {
                senderA.send(f);
            }
            RingCollector c = new RingCollector(ring).until(f -> f.size() >= wanted.size(), 3000).during(200);
            assertThat(c.frames).extracting(f -> Frames.hex(f.bytes()))
                    .containsExactlyInAnyOrderElementsOf(wanted.stream().map(Frames::hex).toList());
            assertThat(ring.stats()).isEqualTo(new RingStats(wanted.size(), 0, 0));

            ring.setFilter(BpfProgram.dropAll());
            for (byte[] f : wanted) {
                senderA.send(f);
            }
            assertThat(new RingCollector(ring).during(200).frames).isEmpty();
            assertThat(ring.stats().packets()).as("summed across reads").isEqualTo(wanted.size());
        }
    }

    @Test
    void fanoutKeepsEachFlowOnOneRingAndSpreadsFlows() throws Exception {
        BpfProgram filter = BpfProgram.forTraffic(List.of(new Match(UDP, VIP, 0)), List.of(new Match(UDP, VIP, 0)));
        RingConfig config = SMALL.withFanoutGroup(7);
        byte[] dst = Frames.mac(macB);
        try (PacketRing one = ringIn(pair.inB, config, filter); PacketRing two = ringIn(pair.inB, config, filter)) {
            int flows = 24;
            for (int round = 0; round < 3; round++) {
                for (int flow = 0; flow < flows; flow++) {
                    senderA.send(Frames.ipv4(dst, CLIENT, VIP, UDP, 20000 + flow, 53));
                    senderA.send(Frames.ipv4(dst, VIP, CLIENT, UDP, 53, 20000 + flow)); // the reverse direction
                }
            }
            Map<Integer, Set<String>> ringsOfFlow = new HashMap<>();
            int total = 0;
            for (PacketRing ring : List.of(one, two)) {
                RingCollector c = new RingCollector(ring).during(400);
                total += c.frames.size();
                for (RingCollector.Frame f : c.frames) {
                    int clientPort = Math.max(port(f.bytes(), 34), port(f.bytes(), 36));
                    ringsOfFlow.computeIfAbsent(clientPort, p -> new HashSet<>()).add(ring == one ? "one" : "two");
                }
            }
            assertThat(total).isEqualTo(flows * 3 * 2);
            assertThat(ringsOfFlow).hasSize(flows).allSatisfy((port, rings) -> assertThat(rings)
                    .as("rings of the flow from port %d, both directions (symmetric hash)", port).hasSize(1));
            assertThat(ringsOfFlow.values().stream().flatMap(Set::stream).distinct().count())
                    .as("flows spread over both rings").isEqualTo(2);
        }
    }

    private static int port(byte[] frame, int at) {
        return ((frame[at] & 0xff) << 8) | (frame[at + 1] & 0xff);
    }

    /** The interpreter and the kernel agree, frame by frame, on a mixed set sent from A. */
    @Test
    void theInterpreterAgreesWithTheKernel() throws Exception {
        BpfProgram filter = BpfProgram.forTraffic(
                List.of(new Match(TCP, VIP, 80), new Match(UDP, VIP, 0), new Match(TCP, VIP6, 443)),
                List.of(new Match(TCP, RS, 8080), new Match(UDP, IpAddress.parse("fd00::5"), 0)));
        List<byte[]> frames = agreementFrames(Frames.mac(macB));
        Set<String> expected = new HashSet<>();
        for (byte[] f : frames) {
            if (filter.run(f) != 0) {
                expected.add(Frames.hex(f));
            }
        }
        assertThat(expected.size()).as("some accepted, some not").isBetween(10, frames.size() - 10);
        try (PacketRing ring = ringIn(pair.inB, SMALL, filter)) {
            for (byte[] f : frames) {
                senderA.send(f);
            }
            RingCollector c = new RingCollector(ring).until(f -> f.size() >= expected.size(), 3000).during(200);
            assertThat(c.frames).extracting(f -> Frames.hex(f.bytes())).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    /** Each frame with its own source MAC, so equal headers stay apart. */
    private static List<byte[]> agreementFrames(byte[] dst) {
        List<byte[]> base = new ArrayList<>();
        IpAddress[] v4 = {VIP, CLIENT, RS};
        IpAddress[] v6 = {VIP6, CLIENT6, IpAddress.parse("fd00::5")};
        int[] protocols = {TCP, UDP, 132};
        int[] ports = {80, 8080, 53};
        for (IpAddress from : v4) {
            for (IpAddress to : v4) {
                for (int protocol : protocols) {
                    for (int port : ports) {
                        base.add(Frames.ipv4(dst, from, to, protocol, port, port));
                    }
                    base.add(Frames.ipv4(dst, from, to, protocol, 2, 185, new byte[8]));
                }
            }
        }
        for (IpAddress from : v6) {
            for (IpAddress to : v6) {
                for (int protocol : new int[] {TCP, UDP}) {
                    base.add(Frames.ipv6(dst, from, to, protocol, 443, 443));
                    base.add(Frames.ipv6(dst, from, to, protocol, 40, new byte[8]));
                }
            }
        }
        byte[] good = Frames.ipv4(dst, CLIENT, VIP, TCP, 1, 80);
        base.add(Frames.vlan(good, 0x8100, 7));
        base.add(Frames.vlan(good, 0x88a8, 7));
        base.add(Frames.arp(CLIENT, VIP));
        for (int cut : new int[] {14, 20, 33, 34, 36, 37, 38}) {
            base.add(Frames.truncate(good, cut));
            base.add(Frames.truncate(Frames.ipv4(dst, CLIENT, VIP, UDP, 1, 9), cut));
        }
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
            out.add(Frames.withSource(base.get(i), 0x02_00_00_01_00_00L + i));
        }
        return out;
    }

    @Test
    void aMissingInterfaceIsNamedWithEnodev() {
        assertThatThrownBy(() -> pair.inA.call(() -> PacketRing.open("nosuchif9", SMALL)))
                .isInstanceOfSatisfying(NativeException.class, e -> {
                    assertThat(e.operation()).isEqualTo("if_nametoindex(nosuchif9)");
                    assertThat(e.errno()).isEqualTo(Libc.ENODEV);
                });
        assertThatThrownBy(() -> pair.inA.call(() -> PacketTx.open("nosuchif9", 2048, 8)))
                .isInstanceOfSatisfying(NativeException.class, e -> {
                    assertThat(e.operation()).isEqualTo("if_nametoindex(nosuchif9)");
                    assertThat(e.errno()).isEqualTo(Libc.ENODEV);
                });
    }

    @Test
    void closeIsIdempotentAndAClosedRingRefusesUse() throws Exception {
        PacketRing ring = ringIn(pair.inA, SMALL, BpfProgram.dropAll());
        assertThat(ring.poll(1, (f, l, t) -> { })).isZero();
        ring.close();
        ring.close();
        assertThatThrownBy(() -> ring.poll(1, (f, l, t) -> { })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(ring::stats).isInstanceOf(IllegalStateException.class);
    }

    /** A ring on a down interface reports ENETDOWN once through poll, and receives once the link is up. */
    @Test
    void aDownInterfaceIsReportedOnceAndTheRingResumesWhenItComesUp() throws Exception {
        NetnsPair.run("ip", "-n", pair.a, "link", "add", "t0", "type", "veth", "peer", "name", "t1");
        try (PacketRing ring = pair.inA.call(() -> PacketRing.open("t0", SMALL))) {
            assertThatThrownBy(() -> ring.poll(100, (f, l, t) -> { }))
                    .isInstanceOfSatisfying(NativeException.class, e -> {
                        assertThat(e.errno()).isEqualTo(100); // ENETDOWN
                        assertThat(e.operation()).isEqualTo("packet ring on t0");
                    });
            assertThat(ring.poll(10, (f, l, t) -> { })).as("the error is reported once").isZero();
            NetnsPair.run("ip", "-n", pair.a, "link", "set", "t0", "up");
            NetnsPair.run("ip", "-n", pair.a, "link", "set", "t1", "up");
            try (PacketSocket t1 = pair.inA.call(() -> PacketSocket.open("t1"))) {
                t1.send(Frames.marker(Frames.BROADCAST, Frames.SOURCE, 4, 0));
                assertThat(new RingCollector(ring).until(f -> markers(f, 4) == 1, 3000).markers(4)).containsExactly(0);
            }
        } finally {
            NetnsPair.run("ip", "-n", pair.a, "link", "del", "t0");
        }
    }

    /** A UDP datagram from A's stack crosses the veth with its checksum left to "hardware"; a built frame not. */
    @Test
    void checksumPendingTellsFramesWhoseChecksumIsNotFilledIn() throws Exception {
        BpfProgram udpToB = BpfProgram.forTraffic(
                List.of(new Match(UDP, IpAddress.parse(NetnsPair.B_ADDRESS), 9)), List.of());
        try (PacketRing ring = ringIn(pair.inB, SMALL, udpToB)) {
            pair.inA.call(() -> {
                try (java.nio.channels.DatagramChannel udp = java.nio.channels.DatagramChannel.open()) {
                    udp.send(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}),
                            new java.net.InetSocketAddress(NetnsPair.B_ADDRESS, 9));
                }
                return null;
            });
            senderA.send(Frames.ipv4(Frames.mac(macB), IpAddress.parse(NetnsPair.A_ADDRESS),
                    IpAddress.parse(NetnsPair.B_ADDRESS), UDP, 1, 9));
            List<Boolean> pending = new ArrayList<>();
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (pending.size() < 2 && System.nanoTime() < deadline) {
                ring.poll(20, (f, l, t) -> pending.add(ring.checksumPending()));
            }
            assertThat(pending).containsExactly(true, false);
        }
    }

    @Test
    void packetRingsAreAvailableToRoot() throws Exception {
        assertThat(pair.inA.call(PacketAvailability::probe)).isEmpty();
        assertThat(PacketAvailability.socketHint(Libc.EPERM)).contains("CAP_NET_RAW");
    }
}
