package io.fulcrum.dataplane.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Real frames of a TCP connection and UDP datagrams between two network namespaces (10.99.0.1, fd99::1 with MAC
 * 02:00:00:00:0a:01 talking to 10.99.0.2, fd99::2 with 02:00:00:00:0b:02), parsed and rewritten.
 */
class CapturedFramesTest {

    private static final long MAC_A = 0x02_00_00_00_0a_01L;
    private static final long MAC_B = 0x02_00_00_00_0b_02L;
    private static final int A4 = 0x0a630001;
    private static final int B4 = 0x0a630002;
    private static final long FD99 = 0xfd99_0000_0000_0000L;

    private final Frame frame = new Frame();

    private byte[] parsed(String name, FrameError expected) {
        byte[] bytes = CapturedFrames.load(name);
        assertThat(FrameParser.parse(MemorySegment.ofArray(bytes), bytes.length, frame)).as(name)
                .isEqualTo(expected);
        return bytes;
    }

    @Test
    void theCapturedChecksumsAreRightByTheOracle() {
        for (String name : new String[] {CapturedFrames.TCP4_SYN, CapturedFrames.TCP4_SYNACK, CapturedFrames.TCP4_DATA,
                CapturedFrames.TCP4_REPLY_DATA, CapturedFrames.TCP6_SYN, CapturedFrames.TCP6_SYNACK,
                CapturedFrames.UDP4, CapturedFrames.UDP6}) {
            byte[] bytes = parsed(name, FrameError.NONE);
            if (Oracle.isV4(bytes)) {
                assertThat(Oracle.ipv4ChecksumField(bytes)).as(name).isEqualTo(Oracle.ipv4HeaderChecksum(bytes));
            }
            assertThat(Oracle.l4ChecksumField(bytes)).as(name).isEqualTo(Oracle.l4Checksum(bytes));
            assertThat(frame.length()).as(name).isEqualTo(bytes.length)
                    .isEqualTo(frame.l3Offset() + frame.ipTotalLength());
        }
    }

    @Test
    void readsTheIpv4Handshake() {
        byte[] syn = parsed(CapturedFrames.TCP4_SYN, FrameError.NONE);
        assertThat(syn).hasSize(74);
        assertThat(frame.destinationMac()).isEqualTo(MAC_B);
        assertThat(frame.sourceMac()).isEqualTo(MAC_A);
        assertThat(frame.ipv4Source()).isEqualTo(A4);
        assertThat(frame.ipv4Destination()).isEqualTo(B4);
        assertThat(frame.sourcePort()).isEqualTo(56486);
        assertThat(frame.destinationPort()).isEqualTo(8080);
        assertThat(frame.tcpFlags()).isEqualTo(0x02);
        assertThat(frame.ttl()).isEqualTo(64);
        assertThat(frame.ipTotalLength()).isEqualTo(60);
        assertThat(frame.l4PayloadLength()).isZero();
        assertThat(FrameFormat.format(frame)).isEqualTo("TCP 10.99.0.1:56486 -> 10.99.0.2:8080 [SYN]");

        parsed(CapturedFrames.TCP4_SYNACK, FrameError.NONE);
        assertThat(FrameFormat.format(frame)).isEqualTo("TCP 10.99.0.2:8080 -> 10.99.0.1:56486 [SYN,ACK]");
        assertThat(frame.destinationMac()).isEqualTo(MAC_A);

        parsed(CapturedFrames.TCP4_DATA, FrameError.NONE);
        assertThat(FrameFormat.format(frame)).isEqualTo("TCP 10.99.0.1:56486 -> 10.99.0.2:8080 [PSH,ACK] len 78");

        parsed(CapturedFrames.TCP4_REPLY_DATA, FrameError.NONE);
        assertThat(frame.l4PayloadLength()).isEqualTo(155);
        assertThat(frame.tcpFlags()).isEqualTo(0x18);
    }

    @Test
    void readsIpv6AndUdp() {
        parsed(CapturedFrames.TCP6_SYN, FrameError.NONE);
        assertThat(frame.sourceHigh()).isEqualTo(FD99);
        assertThat(frame.sourceLow()).isEqualTo(1L);
        assertThat(frame.destinationLow()).isEqualTo(2L);
        assertThat(frame.ttl()).isEqualTo(64);
        assertThat(FrameFormat.format(frame)).isEqualTo("TCP [fd99::1]:50218 -> [fd99::2]:8080 [SYN]");

        parsed(CapturedFrames.TCP6_SYNACK, FrameError.NONE);
        assertThat(frame.tcpFlags()).isEqualTo(0x12);

        parsed(CapturedFrames.UDP4, FrameError.NONE);
        assertThat(FrameFormat.format(frame)).isEqualTo("UDP 10.99.0.1:40000 -> 10.99.0.2:5353 len 18");

        parsed(CapturedFrames.UDP6, FrameError.NONE);
        assertThat(FrameFormat.format(frame)).isEqualTo("UDP [fd99::1]:40001 -> [fd99::2]:5354 len 21");
    }

    @Test
    void anMldReportWithAHopByHopHeaderIsAnExtensionHeader() {
        parsed(CapturedFrames.IPV6_HOP_BY_HOP, FrameError.IPV6_EXTENSION_HEADER);
        assertThat(frame.protocol()).isZero();
        assertThat(frame.destinationHigh()).isEqualTo(0xff02_0000_0000_0000L);
        assertThat(frame.destinationLow()).isEqualTo(0x16L);
        assertThat(frame.ttl()).isEqualTo(1);
        assertThat(frame.sourcePort()).isZero();
    }

    /** The director's view of NAT: the SYN to the VIP goes to a real server, the reply comes back from the VIP. */
    @Test
    void natRewritesOfRealFramesKeepTheirChecksumsRight() {
        byte[] syn = parsed(CapturedFrames.TCP4_SYN, FrameError.NONE);
        Rewrites.natDestinationV4(frame, 0x0a630063, 80);
        assertThat(Rewrites.decrementTtl(frame)).isTrue();
        Rewrites.setMacs(frame.segment(), 0x02_00_00_00_0c_03L, MAC_B);
        assertRight(syn, CapturedFrames.TCP4_SYN);
        assertThat(FrameFormat.format(frame)).isEqualTo("TCP 10.99.0.1:56486 -> 10.99.0.99:80 [SYN]");

        byte[] reply = parsed(CapturedFrames.TCP4_REPLY_DATA, FrameError.NONE);
        Rewrites.natSourceV4(frame, 0xc0000201, 443);
        assertRight(reply, CapturedFrames.TCP4_REPLY_DATA);
        assertThat(frame.ipv4Source()).isEqualTo(0xc0000201);
        assertThat(frame.sourcePort()).isEqualTo(443);

        byte[] udp = parsed(CapturedFrames.UDP4, FrameError.NONE);
        Rewrites.natDestinationV4(frame, 0x0a630063, 53);
        assertRight(udp, CapturedFrames.UDP4);

        for (String name : new String[] {CapturedFrames.TCP6_SYN, CapturedFrames.UDP6}) {
            byte[] v6 = parsed(name, FrameError.NONE);
            Rewrites.natDestinationV6(frame, FD99, 0x99L, 8443);
            Rewrites.natSourceV6(frame, 0x2001_0db8_0000_0000L, 0x1234_5678_9abc_def0L, 1);
            assertThat(Rewrites.decrementTtl(frame)).isTrue();
            assertRight(v6, name);
            assertThat(frame.ttl()).isEqualTo(63);
        }
    }

    @Test
    void aRealSynTunnelsAndComesBack() {
        byte[] syn = parsed(CapturedFrames.TCP4_SYN, FrameError.NONE);
        byte[] out = new byte[2048];
        int length = Ipip.encapsulate(frame, MemorySegment.ofArray(out), MAC_A, MAC_B, B4, 0x0a630063, 77, 1500);
        assertThat(length).isEqualTo(syn.length + 20);
        assertThat(Oracle.ipv4ChecksumField(out)).isEqualTo(Oracle.ipv4HeaderChecksum(out));
        int inner = Ipip.innerOffset(MemorySegment.ofArray(out).asSlice(14), length - 14);
        assertThat(inner).isEqualTo(20);
        assertThat(Arrays.copyOfRange(out, 14 + inner, length)).isEqualTo(Arrays.copyOfRange(syn, 14, syn.length));
    }

    private void assertRight(byte[] bytes, String name) {
        Frame again = new Frame();
        assertThat(FrameParser.parse(MemorySegment.ofArray(bytes), bytes.length, again)).as(name)
                .isEqualTo(FrameError.NONE);
        if (Oracle.isV4(bytes)) {
            assertThat(Oracle.ipv4ChecksumField(bytes)).as(name).isEqualTo(Oracle.ipv4HeaderChecksum(bytes));
        }
        assertThat(Oracle.l4ChecksumField(bytes)).as(name).isEqualTo(Oracle.l4Checksum(bytes));
        assertThat(again.sourceLow()).isEqualTo(frame.sourceLow());
        assertThat(again.destinationLow()).isEqualTo(frame.destinationLow());
        assertThat(again.sourceHigh()).isEqualTo(frame.sourceHigh());
        assertThat(again.destinationHigh()).isEqualTo(frame.destinationHigh());
        assertThat(again.sourcePort()).isEqualTo(frame.sourcePort());
        assertThat(again.destinationPort()).isEqualTo(frame.destinationPort());
    }
}
