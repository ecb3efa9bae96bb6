package io.fulcrum.realserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.IpAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IpipDecoderTest {

    private static final byte[] DIRECTOR = Packets.v4(192, 0, 2, 1);
    private static final byte[] REAL_SERVER = Packets.v4(192, 0, 2, 2);
    private static final byte[] CLIENT = Packets.v4(198, 51, 100, 7);
    private static final byte[] VIP_BYTES = Packets.v4(203, 0, 113, 10);
    private static final IpAddress VIP = IpAddress.parse("203.0.113.10");

    private static byte[] inner() {
        return Packets.ipv4(CLIENT, VIP_BYTES, Packets.UDP, Packets.udp(CLIENT, VIP_BYTES, 40000, 53,
                "hello".getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] ipip(byte[] inner) {
        return Packets.ipv4(DIRECTOR, REAL_SERVER, Packets.IPIP, inner);
    }

    private static Decapsulated decode(byte[] packet) {
        return IpipDecoder.decode(packet, packet.length, VIP);
    }

    private static DropReason dropOf(byte[] packet) {
        return ((Decapsulated.Dropped) decode(packet)).reason();
    }

    @Test
    void theChecksumsAgreeWithAKnownHeader() {
        // a widely quoted IPv4 header (192.168.0.1 -> 192.168.0.199, UDP) whose checksum field is 0xb861
        byte[] h = HexFormat.of().parseHex("450000730000400040110000c0a80001c0a800c7");
        assertThat(Packets.checksum(h, 0, 20)).isEqualTo(0xb861);
        assertThat(IpipDecoder.checksum(h, 0, 20)).isEqualTo(0xb861);
        h[10] = (byte) 0xb8;
        h[11] = 0x61;
        assertThat(IpipDecoder.checksum(h, 0, 20)).isZero();
        // an odd length pads with a zero byte
        assertThat(IpipDecoder.checksum(new byte[] {1, 2, 3}, 0, 3)).isEqualTo(Packets.checksum(new byte[] {1, 2,
            3}, 0, 3)).isEqualTo(0xffff - 0x0402);
    }

    @Test
    void aGoodPacketGivesItsInnerPacket() {
        byte[] in = inner();
        byte[] p = ipip(in);
        assertThat(decode(p)).isEqualTo(new Decapsulated.Inner(20, in.length));
        assertThat(Arrays.copyOfRange(p, 20, 20 + in.length)).isEqualTo(in);
    }

    @Test
    void outerOptionsAndTrailingPaddingAreHandled() {
        byte[] in = inner();
        byte[] padded = Arrays.copyOf(in, in.length + 6); // bytes after the inner total length
        byte[] p = Packets.ipv4(DIRECTOR, REAL_SERVER, Packets.IPIP, 7, 1, padded); // 28-byte outer header
        assertThat(decode(p)).isEqualTo(new Decapsulated.Inner(28, in.length));
        // the inner packet may carry options too
        byte[] withOptions = Packets.ipv4(CLIENT, VIP_BYTES, Packets.UDP, 6, 9,
                Packets.udp(CLIENT, VIP_BYTES, 1, 2, new byte[0]));
        assertThat(decode(ipip(withOptions))).isEqualTo(new Decapsulated.Inner(20, withOptions.length));
    }

    @Test
    void aTcpSynIsAsGoodAsUdp() {
        byte[] syn = Packets.ipv4(CLIENT, VIP_BYTES, Packets.TCP, Packets.tcpSyn(CLIENT, VIP_BYTES, 40000, 80, 7));
        assertThat(decode(ipip(syn))).isEqualTo(new Decapsulated.Inner(20, 40));
    }

    @Test
    void outerHeaderProblemsAreNamed() {
        assertThat(IpipDecoder.decode(ipip(inner()), 19, VIP)).isEqualTo(
                new Decapsulated.Dropped(DropReason.OUTER_TRUNCATED));

        byte[] v6 = ipip(inner());
        v6[0] = 0x65;
        assertThat(dropOf(v6)).isEqualTo(DropReason.OUTER_VERSION);

        byte[] shortIhl = ipip(inner());
        shortIhl[0] = 0x44;
        Packets.fixChecksum(shortIhl, 0);
        assertThat(dropOf(shortIhl)).isEqualTo(DropReason.OUTER_HEADER_LENGTH);

        byte[] longIhl = ipip(inner());
        assertThat(IpipDecoder.decode(longIhl, 20, VIP)).as("IHL 5 but nothing after it")
                .isEqualTo(new Decapsulated.Dropped(DropReason.OUTER_TOTAL_LENGTH));

        byte[] totalTooBig = ipip(inner());
        totalTooBig[3] = (byte) (totalTooBig[3] + 1);
        Packets.fixChecksum(totalTooBig, 0);
        assertThat(dropOf(totalTooBig)).isEqualTo(DropReason.OUTER_TOTAL_LENGTH);

        byte[] totalBelowHeader = ipip(inner());
        totalBelowHeader[2] = 0;
        totalBelowHeader[3] = 19;
        Packets.fixChecksum(totalBelowHeader, 0);
        assertThat(dropOf(totalBelowHeader)).isEqualTo(DropReason.OUTER_TOTAL_LENGTH);

        byte[] badSum = ipip(inner());
        badSum[11] ^= 0x01;
        assertThat(dropOf(badSum)).isEqualTo(DropReason.OUTER_CHECKSUM);

        byte[] gre = Packets.ipv4(DIRECTOR, REAL_SERVER, 47, inner());
        assertThat(dropOf(gre)).isEqualTo(DropReason.OUTER_PROTOCOL);

        byte[] moreFragments = ipip(inner());
        moreFragments[6] = 0x20;
        Packets.fixChecksum(moreFragments, 0);
        assertThat(dropOf(moreFragments)).isEqualTo(DropReason.OUTER_FRAGMENT);
        byte[] offset = ipip(inner());
        offset[6] = 0;
        offset[7] = 3;
        Packets.fixChecksum(offset, 0);
        assertThat(dropOf(offset)).isEqualTo(DropReason.OUTER_FRAGMENT);
    }

    @Test
    void innerHeaderProblemsAreNamed() {
        assertThat(dropOf(ipip(new byte[19]))).isEqualTo(DropReason.INNER_TRUNCATED);

        byte[] notV4 = inner();
        notV4[0] = 0x60;
        assertThat(dropOf(ipip(notV4))).isEqualTo(DropReason.INNER_VERSION);

        byte[] ihl = inner();
        ihl[0] = 0x43;
        Packets.fixChecksum(ihl, 0);
        assertThat(dropOf(ipip(ihl))).isEqualTo(DropReason.INNER_HEADER_LENGTH);

        byte[] ihlPastTheEnd = Arrays.copyOf(inner(), 20);
        ihlPastTheEnd[0] = 0x46; // 24 bytes of header in 20
        ihlPastTheEnd[3] = 20;
        assertThat(dropOf(ipip(ihlPastTheEnd))).isEqualTo(DropReason.INNER_HEADER_LENGTH);

        byte[] truncated = inner();
        byte[] cut = Arrays.copyOf(truncated, truncated.length - 1); // total length says one byte more
        assertThat(dropOf(ipip(cut))).isEqualTo(DropReason.INNER_TOTAL_LENGTH);

        byte[] badSum = inner();
        badSum[10] ^= 0x40;
        assertThat(dropOf(ipip(badSum))).isEqualTo(DropReason.INNER_CHECKSUM);

        byte[] other = Packets.ipv4(CLIENT, Packets.v4(203, 0, 113, 11), Packets.UDP, new byte[8]);
        assertThat(dropOf(ipip(other))).isEqualTo(DropReason.NOT_FOR_VIP);
        assertThat(IpipDecoder.decode(ipip(inner()), ipip(inner()).length, IpAddress.parse("2001:db8::10")))
                .isEqualTo(new Decapsulated.Dropped(DropReason.NOT_FOR_VIP));
    }

    @Test
    void onlyTheGivenLengthIsRead() {
        byte[] p = ipip(inner());
        byte[] bigBuffer = Arrays.copyOf(p, 2000);
        assertThat(IpipDecoder.decode(bigBuffer, p.length, VIP)).isEqualTo(decode(p));
        assertThatThrownBy(() -> IpipDecoder.decode(p, p.length + 1, VIP))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Seeded: random bytes, and good packets with random bytes changed, never raise anything. */
    @Test
    void anyInputGivesAnAnswer() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        byte[] good = ipip(inner());
        for (int i = 0; i < 20_000; i++) {
            byte[] p;
            if (i % 2 == 0) {
                p = new byte[random.nextInt(80)];
                random.nextBytes(p);
                if (p.length > 0 && random.nextBoolean()) {
                    p[0] = (byte) (0x45);
                }
            } else {
                p = good.clone();
                for (int k = random.nextInt(4); k >= 0; k--) {
                    p[random.nextInt(p.length)] = (byte) random.nextInt(256);
                }
            }
            int length = p.length == 0 ? 0 : random.nextInt(p.length + 1);
            try {
                Decapsulated d = IpipDecoder.decode(p, length, VIP);
                if (d instanceof Decapsulated.Inner(int offset, int innerLength)) {
                    assertThat(offset + innerLength).as("seed %d", seed).isLessThanOrEqualTo(length);
                    assertThat(IpipDecoder.checksum(p, offset, (p[offset] & 0x0f) * 4)).isZero();
                }
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ", input " + HexFormat.of().formatHex(p, 0, length), e);
            }
        }
    }
}
