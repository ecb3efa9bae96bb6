package io.fulcrum.dataplane.packet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Fuzzes the frame layer: arbitrary bytes in a segment that may be larger than the frame, with an arbitrary
 * declared length. Properties: parsing never throws; a parsed frame's offsets lie within its length; NAT, TTL and
 * MAC rewrites of a {@link FrameError#NONE} frame leave it parseable, with the addresses and ports set and a
 * TCP/UDP checksum equal to the one computed from scratch by the {@link Oracle} (the frame's own is first made
 * right); IPIP encapsulation of any frame with a parsed IP header decapsulates again; formatting never throws.
 *
 * <p>Layout: the parameters come from the end of the input (the provider reads numbers from there), the frame is
 * what remains at the front. All-zero parameters mean: the exact length, no spare bytes, a destination rewrite
 * to address 0 and port 0. The seeds under src/test/resources (captured frames followed by 32 zero bytes) follow
 * that layout. Without JAZZER_FUZZ this runs the seeds.
 */
class PacketFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void fuzzShort(FuzzedDataProvider data) {
        check(data);
    }

    @FuzzTest(maxDuration = "20m")
    void fuzzLong(FuzzedDataProvider data) {
        check(data);
    }

    static void check(FuzzedDataProvider data) {
        int lengthMode = data.consumeInt(0, 3);
        int delta = data.consumeInt(0, 255);
        int arbitrary = data.consumeInt();
        int spare = data.consumeInt(0, 64);
        int rewrite = data.consumeInt(0, 15);
        long high = data.consumeLong();
        long low = data.consumeLong();
        int port = data.consumeInt(0, 0xffff);
        byte[] bytes = data.consumeRemainingAsBytes();
        int length = switch (lengthMode) {
            case 0 -> bytes.length;
            case 1 -> bytes.length - delta;
            case 2 -> bytes.length + spare + 1 + delta;
            default -> arbitrary;
        };
        byte[] buffer = Arrays.copyOf(bytes, bytes.length + spare);
        MemorySegment segment = MemorySegment.ofArray(buffer);

        Frame f = new Frame();
        FrameError e = FrameParser.parse(segment, length, f);

        assertThat(f.error()).isEqualTo(e);
        assertThat(f.length()).isEqualTo(Math.clamp(length, 0, buffer.length));
        assertThat(FrameFormat.format(f)).isNotEmpty();
        int inner = Ipip.innerOffset(segment, length);
        assertThat(inner == -1 || inner >= 20 && inner <= 60 && inner < f.length()).as("inner offset %d", inner)
                .isTrue();
        if (e.ipParsed()) {
            checkOffsets(f);
            checkTunnel(f);
        }
        if (e == FrameError.NONE) {
            checkRewrite(f, buffer, rewrite, high, low, port);
        }
    }

    private static void checkOffsets(Frame f) {
        assertThat(f.l3Offset()).isEqualTo(14);
        assertThat(f.ipVersion()).isIn(4, 6);
        assertThat(f.l4Offset()).isEqualTo(f.l3Offset() + f.ipHeaderLength());
        assertThat(f.ipHeaderLength()).isBetween(20, 60).isLessThanOrEqualTo(f.ipTotalLength());
        assertThat(f.l3Offset() + f.ipTotalLength()).isLessThanOrEqualTo(f.length());
        if (f.error() == FrameError.NONE) {
            int header = f.isTcp() ? 20 : 8;
            assertThat(f.l4Offset() + header + f.l4PayloadLength())
                    .isLessThanOrEqualTo(f.l3Offset() + f.ipTotalLength());
            if (f.isTcp()) {
                assertThat(f.l4PayloadLength()).isLessThanOrEqualTo(f.ipTotalLength() - f.ipHeaderLength() - 20);
            }
        } else {
            assertThat(f.sourcePort()).isZero();
            assertThat(f.destinationPort()).isZero();
            assertThat(f.tcpFlags()).isZero();
        }
    }

    private static void checkTunnel(Frame f) {
        MemorySegment out = MemorySegment.ofArray(new byte[14 + 20 + f.ipTotalLength()]);
        int mtu = 20 + f.ipTotalLength();
        assertThat(Ipip.encapsulate(f, out, 1, 2, 3, 4, 5, mtu - 1)).isEqualTo(-1);
        assertThat(Ipip.encapsulate(f, out, 1, 2, 3, 4, 5, mtu)).isEqualTo((int) out.byteSize());
        assertThat(Ipip.innerOffset(out.asSlice(14), mtu)).isEqualTo(20);
    }

    private static void checkRewrite(Frame f, byte[] buffer, int rewrite, long high, long low, int port) {
        boolean udpWithoutChecksum = f.isUdp() && Oracle.l4ChecksumField(buffer) == 0;
        if (!udpWithoutChecksum) {
            Oracle.fixL4Checksum(buffer);
        }
        int end = f.l3Offset() + f.ipTotalLength();
        byte[] tail = Arrays.copyOfRange(buffer, end, buffer.length);
        int ttl = f.ttl();
        boolean destination = (rewrite & 1) == 0;
        if (f.ipVersion() == 4 && destination) {
            Rewrites.natDestinationV4(f, (int) low, port);
        } else if (f.ipVersion() == 4) {
            Rewrites.natSourceV4(f, (int) low, port);
        } else if (destination) {
            Rewrites.natDestinationV6(f, high, low, port);
        } else {
            Rewrites.natSourceV6(f, high, low, port);
        }
        if ((rewrite & 2) != 0) {
            assertThat(Rewrites.decrementTtl(f)).isEqualTo(ttl > 1);
        }
        if ((rewrite & 4) != 0) {
            Rewrites.setMacs(f.segment(), high >>> 16, low & 0xffff_ffff_ffffL);
        }

        Frame again = new Frame();
        assertThat(FrameParser.parse(f.segment(), f.length(), again)).isEqualTo(FrameError.NONE);
        long expectedHigh = f.ipVersion() == 4 ? 0 : high;
        long expectedLow = f.ipVersion() == 4 ? low & 0xffff_ffffL : low;
        if (destination) {
            assertThat(again.destinationHigh()).isEqualTo(expectedHigh);
            assertThat(again.destinationLow()).isEqualTo(expectedLow);
            assertThat(again.destinationPort()).isEqualTo(port);
        } else {
            assertThat(again.sourceHigh()).isEqualTo(expectedHigh);
            assertThat(again.sourceLow()).isEqualTo(expectedLow);
            assertThat(again.sourcePort()).isEqualTo(port);
        }
        assertThat(again.ttl()).isEqualTo(f.ttl()).isEqualTo((rewrite & 2) != 0 && ttl > 1 ? ttl - 1 : ttl);
        if ((rewrite & 4) != 0) {
            assertThat(again.destinationMac()).isEqualTo(high >>> 16);
            assertThat(again.sourceMac()).isEqualTo(low & 0xffff_ffff_ffffL);
        }
        assertThat(Oracle.l4ChecksumField(buffer)).as("L4 checksum")
                .isEqualTo(udpWithoutChecksum ? 0 : Oracle.l4Checksum(buffer));
        if (f.ipVersion() == 4) {
            assertThat(Checksums.ipv4Header(f.segment(), f.l3Offset(), f.ipHeaderLength())).isZero();
        }
        assertThat(Arrays.copyOfRange(buffer, end, buffer.length)).as("bytes past the IP packet").isEqualTo(tail);
    }
}
