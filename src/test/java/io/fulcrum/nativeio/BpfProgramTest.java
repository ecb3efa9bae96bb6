package io.fulcrum.nativeio;

import static io.fulcrum.nativeio.Frames.TCP;
import static io.fulcrum.nativeio.Frames.UDP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.IpAddress;
import io.fulcrum.nativeio.BpfProgram.Match;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** BpfProgram on hand-built frames, through its Java interpreter. */
class BpfProgramTest {

    private static final IpAddress VIP = IpAddress.parse("198.51.100.10");
    private static final IpAddress VIP6 = IpAddress.parse("2001:db8::10");
    private static final IpAddress CLIENT = IpAddress.parse("203.0.113.7");
    private static final IpAddress CLIENT6 = IpAddress.parse("2001:db8:1::7");
    private static final IpAddress RS = IpAddress.parse("10.0.0.5");
    private static final IpAddress RS_ANY_PORT = IpAddress.parse("10.0.0.6");
    private static final IpAddress RS6 = IpAddress.parse("fd00::5");
    private static final byte[] DST = Frames.mac(0x02_00_00_00_00_02L);

    private static final BpfProgram FILTER = BpfProgram.forTraffic(
            List.of(new Match(TCP, VIP, 80), new Match(UDP, VIP, 53), new Match(TCP, VIP6, 443)),
            List.of(new Match(TCP, RS, 8080), new Match(UDP, RS_ANY_PORT, 0), new Match(TCP, RS6, 8443)));

    private static boolean accepts(byte[] frame) {
        int verdict = FILTER.run(frame);
        assertThat(verdict).isIn(0, BpfProgram.ACCEPT);
        return verdict != 0;
    }

    @Test
    void acceptAllAndDropAllIgnoreTheFrame() {
        byte[] frame = Frames.arp(CLIENT, VIP);
        assertThat(BpfProgram.acceptAll().run(frame)).isEqualTo(BpfProgram.ACCEPT);
        assertThat(BpfProgram.dropAll().run(frame)).isZero();
        assertThat(BpfProgram.acceptAll().instructionCount()).isEqualTo(1);
        assertThat(BpfProgram.dropAll().run(new byte[0])).isZero();
    }

    @Test
    void inboundIpv4IsMatchedOnProtocolDestinationAndPort() {
        assertThat(accepts(Frames.ipv4(DST, CLIENT, VIP, TCP, 40000, 80))).isTrue();
        assertThat(accepts(Frames.ipv4(DST, CLIENT, VIP, UDP, 40000, 53))).isTrue();
        assertThat(accepts(Frames.ipv4(DST, CLIENT, VIP, TCP, 40000, 81))).isFalse();
        assertThat(accepts(Frames.ipv4(DST, CLIENT, VIP, UDP, 40000, 80))).isFalse();
        assertThat(accepts(Frames.ipv4(DST, CLIENT, IpAddress.parse("198.51.100.11"), TCP, 40000, 80))).isFalse();
        assertThat(accepts(Frames.ipv4(DST, VIP, CLIENT, TCP, 80, 40000))).as("from the VIP").isFalse();
        assertThat(accepts(Frames.ipv4(DST, CLIENT, VIP, 132, 40000, 80))).as("SCTP").isFalse();
    }

    @Test
    void natRepliesAreMatchedOnProtocolSourceAndSourcePort() {
        assertThat(accepts(Frames.ipv4(DST, RS, CLIENT, TCP, 8080, 40000))).isTrue();
        assertThat(accepts(Frames.ipv4(DST, RS, CLIENT, TCP, 8081, 40000))).isFalse();
        assertThat(accepts(Frames.ipv4(DST, RS, CLIENT, UDP, 8080, 40000))).isFalse();
        assertThat(accepts(Frames.ipv4(DST, CLIENT, RS, TCP, 40000, 8080))).as("to the real server").isFalse();
        assertThat(accepts(Frames.ipv4(DST, RS_ANY_PORT, CLIENT, UDP, 1, 2))).isTrue();
        assertThat(accepts(Frames.ipv4(DST, RS_ANY_PORT, CLIENT, UDP, 65535, 2))).isTrue();
        assertThat(accepts(Frames.ipv4(DST, RS_ANY_PORT, CLIENT, TCP, 1, 2))).isFalse();
        assertThat(accepts(Frames.ipv6(DST, RS6, CLIENT6, TCP, 8443, 40000))).isTrue();
        assertThat(accepts(Frames.ipv6(DST, RS6, CLIENT6, TCP, 8444, 40000))).isFalse();
    }

    @Test
    void ipv4OptionsMoveThePortsAndTheFilterFollowsTheHeaderLength() {
        byte[] tcp80 = Frames.l4(TCP, 40000, 80, new byte[8]);
        for (int words = 1; words <= 10; words++) {
            assertThat(accepts(Frames.ipv4(DST, CLIENT, VIP, TCP, words, 0, tcp80))).as("%d option words", words)
                    .isTrue();
        }
        // an option whose bytes read as port 80 where a 20-byte header would put the destination port
        byte[] frame = Frames.ipv4(DST, CLIENT, VIP, TCP, 1, 0, Frames.l4(TCP, 40000, 81, new byte[8]));
        frame[34] = 0;
        frame[35] = 0;
        frame[36] = 0;
        frame[37] = 80;
        assertThat(accepts(frame)).isFalse();
    }

    @Test
    void ipv4FragmentsWithoutPortsMatchOnAddressAndProtocol() {
        byte[] noPorts = {1, 2, 3, 4, 5, 6, 7, 8};
        assertThat(accepts(Frames.ipv4(DST, CLIENT, VIP, TCP, 0, 185, noPorts))).isTrue();
        assertThat(accepts(Frames.ipv4(DST, CLIENT, VIP, TCP, 0, 0x2000 | 185, noPorts))).isTrue();
        assertThat(accepts(Frames.ipv4(DST, CLIENT, VIP, 47, 0, 185, noPorts))).isFalse();
        assertThat(accepts(Frames.ipv4(DST, CLIENT, CLIENT, TCP, 0, 185, noPorts))).isFalse();
        assertThat(accepts(Frames.ipv4(DST, RS, CLIENT, TCP, 0, 185, noPorts))).as("reply fragment").isTrue();
        assertThat(accepts(Frames.ipv4(DST, CLIENT, VIP, TCP, 2, 185, new byte[1]))).as("with options").isTrue();
        // a first fragment (MF, offset 0) has its ports: checked as usual
        assertThat(accepts(Frames.ipv4(DST, CLIENT, VIP, TCP, 0, 0x2000, Frames.l4(TCP, 1, 80, noPorts)))).isTrue();
        assertThat(accepts(Frames.ipv4(DST, CLIENT, VIP, TCP, 0, 0x2000, Frames.l4(TCP, 1, 81, noPorts))))
                .isFalse();
        // DF alone is no fragment
        assertThat(accepts(Frames.ipv4(DST, CLIENT, VIP, TCP, 0, 0x4000, Frames.l4(TCP, 1, 81, noPorts))))
                .isFalse();
    }

    @Test
    void ipv6IsMatchedOnAllFourWordsOfTheAddress() {
        assertThat(accepts(Frames.ipv6(DST, CLIENT6, VIP6, TCP, 40000, 443))).isTrue();
        assertThat(accepts(Frames.ipv6(DST, CLIENT6, VIP6, TCP, 40000, 80))).isFalse();
        assertThat(accepts(Frames.ipv6(DST, CLIENT6, VIP6, UDP, 40000, 443))).isFalse();
        for (String near : List.of("2001:db8::11", "2001:db9::10", "2001:db8:0:1::10", "2001:db8::1:0:0:10")) {
            assertThat(accepts(Frames.ipv6(DST, CLIENT6, IpAddress.parse(near), TCP, 40000, 443))).as(near)
                    .isFalse();
        }
        assertThat(accepts(Frames.ipv6(DST, VIP6, CLIENT6, TCP, 443, 40000))).isFalse();
        // the IPv4 VIP's bytes in an IPv6 frame do not match
        assertThat(accepts(Frames.ipv6(DST, CLIENT6, IpAddress.parse("::ffff:198.51.100.10"), TCP, 1, 80)))
                .isFalse();
    }

    @Test
    void ipv6FragmentsMatchOnAddressAndTheFragmentHeadersProtocol() {
        byte[] data = {9, 9, 9, 9, 9, 9, 9, 9};
        assertThat(accepts(Frames.ipv6(DST, CLIENT6, VIP6, TCP, 0, Frames.l4(TCP, 1, 443, data)))).isTrue();
        assertThat(accepts(Frames.ipv6(DST, CLIENT6, VIP6, TCP, 100, data))).isTrue();
        assertThat(accepts(Frames.ipv6(DST, CLIENT6, VIP6, UDP, 100, data))).isFalse();
        assertThat(accepts(Frames.ipv6(DST, CLIENT6, CLIENT6, TCP, 100, data))).isFalse();
        assertThat(accepts(Frames.ipv6(DST, RS6, CLIENT6, TCP, 100, data))).isTrue();
        // another extension header (hop-by-hop, 0) is dropped
        assertThat(accepts(Frames.ipv6(DST, CLIENT6, VIP6, 0, -1, Frames.l4(TCP, 1, 443, data)))).isFalse();
    }

    @Test
    void vlanArpAndMalformedHeadersAreDropped() {
        byte[] good = Frames.ipv4(DST, CLIENT, VIP, TCP, 40000, 80);
        assertThat(accepts(good)).isTrue();
        assertThat(accepts(Frames.vlan(good, 0x8100, 10))).isFalse();
        assertThat(accepts(Frames.vlan(good, 0x88a8, 10))).isFalse();
        assertThat(accepts(Frames.vlan(Frames.ipv6(DST, CLIENT6, VIP6, TCP, 1, 443), 0x8100, 10))).isFalse();
        assertThat(accepts(Frames.arp(CLIENT, VIP))).isFalse();
        byte[] version6 = good.clone();
        version6[14] = 0x65;
        assertThat(accepts(version6)).isFalse();
        byte[] shortHeader = good.clone();
        shortHeader[14] = 0x44;
        assertThat(accepts(shortHeader)).isFalse();
        byte[] v4InV6Type = Frames.ipv6(DST, CLIENT6, VIP6, TCP, 1, 443);
        v4InV6Type[14] = 0x45;
        assertThat(accepts(v4InV6Type)).isFalse();
    }

    @Test
    void truncatedFramesAreDroppedWhereTheMatchNeedsMissingBytes() {
        byte[] v4 = Frames.ipv4(DST, CLIENT, VIP, TCP, 40000, 80);
        for (int length = 0; length <= v4.length; length++) {
            assertThat(accepts(Frames.truncate(v4, length))).as("IPv4 cut at %d", length).isEqualTo(length >= 38);
        }
        byte[] v6 = Frames.ipv6(DST, CLIENT6, VIP6, TCP, 40000, 443);
        for (int length = 0; length <= v6.length; length++) {
            assertThat(accepts(Frames.truncate(v6, length))).as("IPv6 cut at %d", length).isEqualTo(length >= 58);
        }
        // a match without ports needs only the protocol and address
        byte[] anyPort = Frames.ipv4(DST, RS_ANY_PORT, CLIENT, UDP, 1, 2);
        assertThat(accepts(Frames.truncate(anyPort, 34))).isTrue();
        assertThat(accepts(Frames.truncate(anyPort, 33))).isFalse();
    }

    @Test
    void noMatchesDropEverything() {
        BpfProgram none = BpfProgram.forTraffic(List.of(), List.of());
        assertThat(none.run(Frames.ipv4(DST, CLIENT, VIP, TCP, 1, 80))).isZero();
        assertThat(none.run(Frames.ipv6(DST, CLIENT6, VIP6, TCP, 1, 443))).isZero();
    }

    @Test
    void manyMatchesStillFitAndFarJumpsAreRelaxed() {
        List<Match> inbound = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            inbound.add(new Match(TCP, IpAddress.parse("198.18." + (i / 250) + "." + (i % 250)), 80 + i % 3));
            inbound.add(new Match(UDP, IpAddress.parse("198.18." + (i / 250) + "." + (i % 250)), 53));
        }
        List<Match> replies = List.of(new Match(TCP, RS, 8080));
        BpfProgram big = BpfProgram.forTraffic(inbound, replies);
        assertThat(big.instructionCount()).isBetween(1200, BpfAssembler.MAX_INSTRUCTIONS);
        for (int i : new int[] {0, 1, 299, 598, 599}) {
            IpAddress a = IpAddress.parse("198.18." + (i / 250) + "." + (i % 250));
            assertThat(big.run(Frames.ipv4(DST, CLIENT, a, TCP, 1, 80 + i % 3))).as("#%d", i).isNotZero();
            assertThat(big.run(Frames.ipv4(DST, CLIENT, a, TCP, 1, 80 + (i + 1) % 3))).isZero();
            assertThat(big.run(Frames.ipv4(DST, CLIENT, a, UDP, 1, 53))).isNotZero();
        }
        assertThat(big.run(Frames.ipv4(DST, RS, CLIENT, TCP, 8080, 1))).as("reply after far jumps").isNotZero();
        assertThat(big.run(Frames.ipv4(DST, CLIENT, IpAddress.parse("198.18.9.9"), TCP, 1, 80))).isZero();
    }

    @Test
    void aProgramBeyondTheKernelLimitIsRefused() {
        List<Match> inbound = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            inbound.add(new Match(TCP, IpAddress.parse("2001:db8::" + Integer.toHexString(i + 1)), 80));
        }
        assertThatThrownBy(() -> BpfProgram.forTraffic(inbound, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("500 inbound");
    }

    @Test
    void theAssemblerRelaxesConditionalJumpsBeyond255() {
        BpfAssembler asm = new BpfAssembler();
        BpfAssembler.Label far = new BpfAssembler.Label();
        asm.op(BpfAssembler.LD | BpfAssembler.B | BpfAssembler.ABS, 0)
                .jump(BpfAssembler.JMP | BpfAssembler.JEQ, 7, far, null);
        for (int i = 0; i < 300; i++) {
            asm.op(BpfAssembler.LD | BpfAssembler.IMM, i);
        }
        asm.op(BpfAssembler.RET | BpfAssembler.K, 1).place(far).op(BpfAssembler.RET | BpfAssembler.K, 2);
        BpfProgram p = asm.assemble();
        assertThat(p.instructionCount()).as("the far jeq takes one ja").isEqualTo(1 + 2 + 300 + 2);
        assertThat(p.run(new byte[] {7})).isEqualTo(2);
        assertThat(p.run(new byte[] {8})).isEqualTo(1);
        assertThat(p.toString()).contains("{ 0x15, 0, 1, 0x00000007 }");
    }

    @Test
    void matchesAreValidated() {
        assertThatThrownBy(() -> new Match(1, VIP, 80)).hasMessageContaining("no ports");
        assertThatThrownBy(() -> new Match(TCP, VIP, 65536)).hasMessageContaining("port");
        assertThatThrownBy(() -> new Match(0, VIP, 0)).hasMessageContaining("protocol");
        assertThat(new Match(1, VIP, 0).port()).isZero();
    }

    /** Random and mutated frames never make the interpreter fail; seed printed on failure. */
    @Test
    void randomFramesGetAVerdictNeverAnError() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        byte[][] seeds = {Frames.ipv4(DST, CLIENT, VIP, TCP, 1, 80), Frames.ipv6(DST, CLIENT6, VIP6, TCP, 1, 443),
            Frames.ipv4(DST, CLIENT, VIP, TCP, 3, 185, new byte[4])};
        for (int i = 0; i < 20_000; i++) {
            byte[] frame = seeds[random.nextInt(seeds.length)].clone();
            frame = Frames.truncate(frame, random.nextInt(frame.length + 1));
            for (int flips = random.nextInt(4); flips > 0 && frame.length > 0; flips--) {
                frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
            }
            byte[] f = frame;
            assertThat(FILTER.run(f)).as("seed %d, frame %s", seed, Frames.hex(f)).isIn(0, BpfProgram.ACCEPT);
        }
    }
}
