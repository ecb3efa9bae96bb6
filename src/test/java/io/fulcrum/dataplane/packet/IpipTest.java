package io.fulcrum.dataplane.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IpipTest {

    private static final long DST_MAC = 0x02_00_00_00_00_0bL;
    private static final long SRC_MAC = 0x02_00_00_00_00_0aL;
    private static final int DIRECTOR = 0xc0a80001;
    private static final int REAL = 0xc0a80002;

    private final Frame frame = new Frame();

    private byte[] parsed(FrameBuilder b) {
        byte[] bytes = b.build();
        FrameError e = FrameParser.parse(MemorySegment.ofArray(bytes), bytes.length, frame);
        assertThat(e.ipParsed()).as(e.name()).isTrue();
        return bytes;
    }

    @Test
    void encapsulatesAnIpv4PacketBehindANewHeader() {
        FrameBuilder b = FrameBuilder.tcp4().payload(100);
        b.tos = 0xb8;
        b.padding = 6;
        byte[] bytes = parsed(b);
        int inner = 20 + 20 + 100;
        byte[] out = new byte[1600];

        int length = Ipip.encapsulate(frame, MemorySegment.ofArray(out), DST_MAC, SRC_MAC, DIRECTOR, REAL, 0xbeef,
                1500);

        assertThat(length).isEqualTo(14 + 20 + inner);
        assertThat(Arrays.copyOfRange(out, 0, 14)).isEqualTo(FrameBuilder.bytes("02000000000b" + "02000000000a"
                + "0800"));
        byte[] outer = Arrays.copyOfRange(out, 14, 34);
        assertThat(Oracle.u8(outer, 0)).isEqualTo(0x45);
        assertThat(Oracle.u8(outer, 1)).as("TOS copied").isEqualTo(0xb8);
        assertThat(Oracle.u16(outer, 2)).isEqualTo(20 + inner);
        assertThat(Oracle.u16(outer, 4)).isEqualTo(0xbeef);
        assertThat(Oracle.u16(outer, 6)).as("DF copied, no fragment").isEqualTo(0x4000);
        assertThat(Oracle.u8(outer, 8)).isEqualTo(64);
        assertThat(Oracle.u8(outer, 9)).isEqualTo(4);
        assertThat(Arrays.copyOfRange(outer, 12, 20)).isEqualTo(FrameBuilder.bytes("c0a80001c0a80002"));
        assertThat(Oracle.ipv4ChecksumField(out)).as("outer checksum from scratch")
                .isEqualTo(Oracle.ipv4HeaderChecksum(out));
        assertThat(Arrays.copyOfRange(out, 34, length)).as("inner packet without the padding")
                .isEqualTo(Arrays.copyOfRange(bytes, 14, 14 + inner));

        assertThat(Ipip.innerOffset(MemorySegment.ofArray(out).asSlice(14), length - 14)).isEqualTo(20);
        Frame outerFrame = new Frame();
        assertThat(FrameParser.parse(MemorySegment.ofArray(out), length, outerFrame))
                .isEqualTo(FrameError.UNSUPPORTED_PROTOCOL);
        assertThat(outerFrame.protocol()).isEqualTo(FrameParser.IPIP);
        assertThat(outerFrame.ipv4Destination()).isEqualTo(REAL);
    }

    @Test
    void copiesAClearDontFragmentFlag() {
        FrameBuilder b = FrameBuilder.udp4().payload(3);
        b.fragment = 0;
        parsed(b);
        byte[] out = new byte[200];
        int length = Ipip.encapsulate(frame, MemorySegment.ofArray(out), DST_MAC, SRC_MAC, DIRECTOR, REAL, 1, 1500);
        assertThat(Oracle.u16(out, 14 + 6)).isZero();
        assertThat(Oracle.ipv4ChecksumField(out)).isEqualTo(Oracle.ipv4HeaderChecksum(out));
        assertThat(Ipip.innerOffset(MemorySegment.ofArray(out).asSlice(14), length - 14)).isEqualTo(20);
    }

    @Test
    void anIpv6PacketTravelsAsProtocol41() {
        FrameBuilder b = FrameBuilder.tcp6().payload(10);
        b.tos = 0x2e;
        byte[] bytes = parsed(b);
        byte[] out = new byte[200];
        int length = Ipip.encapsulate(frame, MemorySegment.ofArray(out), DST_MAC, SRC_MAC, DIRECTOR, REAL, 7, 1500);
        assertThat(length).isEqualTo(14 + 20 + 40 + 30);
        assertThat(Oracle.u8(out, 14 + 9)).isEqualTo(41);
        assertThat(Oracle.u8(out, 14 + 1)).as("traffic class").isEqualTo(0x2e);
        assertThat(Oracle.u16(out, 14 + 6)).isEqualTo(0x4000);
        assertThat(Oracle.ipv4ChecksumField(out)).isEqualTo(Oracle.ipv4HeaderChecksum(out));
        assertThat(Arrays.copyOfRange(out, 34, length)).isEqualTo(Arrays.copyOfRange(bytes, 14, bytes.length));
        assertThat(Ipip.innerOffset(MemorySegment.ofArray(out).asSlice(14), length - 14)).isEqualTo(20);
    }

    @Test
    void refusesAnOutputTooSmallAndWritesNothing() {
        parsed(FrameBuilder.tcp4().payload(10));
        int needed = 14 + 20 + 50;
        byte[] small = new byte[needed - 1];
        assertThat(Ipip.encapsulate(frame, MemorySegment.ofArray(small), DST_MAC, SRC_MAC, DIRECTOR, REAL, 1, 1500))
                .isEqualTo(-1);
        assertThat(small).containsOnly(0);
        assertThat(Ipip.encapsulate(frame, MemorySegment.ofArray(new byte[needed]), DST_MAC, SRC_MAC, DIRECTOR,
                REAL, 1, 1500)).isEqualTo(needed);
        assertThat(Ipip.encapsulate(frame, MemorySegment.NULL, DST_MAC, SRC_MAC, DIRECTOR, REAL, 1, 1500))
                .isEqualTo(-1);
    }

    @Test
    void refusesAPacketThatWithTheOuterHeaderExceedsTheMtu() {
        parsed(FrameBuilder.tcp4().payload(1460));
        byte[] out = new byte[2000];
        assertThat(Ipip.encapsulate(frame, MemorySegment.ofArray(out), DST_MAC, SRC_MAC, DIRECTOR, REAL, 1, 1500))
                .isEqualTo(-1);
        assertThat(out).containsOnly(0);
        assertThat(Ipip.encapsulate(frame, MemorySegment.ofArray(out), DST_MAC, SRC_MAC, DIRECTOR, REAL, 1, 1520))
                .as("exactly the MTU").isEqualTo(14 + 1520);
    }

    @Test
    void encapsulatesInPlaceWhenTheFrameSegmentHasRoom() {
        FrameBuilder b = FrameBuilder.udp4().payload(30);
        byte[] original = b.build();
        byte[] buffer = Arrays.copyOf(original, 300);
        MemorySegment s = MemorySegment.ofArray(buffer);
        assertThat(FrameParser.parse(s, original.length, frame)).isEqualTo(FrameError.NONE);

        int length = Ipip.encapsulate(frame, s, DST_MAC, SRC_MAC, DIRECTOR, REAL, 2, 1500);

        assertThat(length).isEqualTo(original.length + 20);
        assertThat(Arrays.copyOfRange(buffer, 34, length)).isEqualTo(Arrays.copyOfRange(original, 14,
                original.length));
        assertThat(Oracle.ipv4ChecksumField(buffer)).isEqualTo(Oracle.ipv4HeaderChecksum(buffer));
        assertThat(Ipip.innerOffset(s.asSlice(14), length - 14)).isEqualTo(20);
    }

    @Test
    void encapsulatesIntoNativeMemory() {
        byte[] bytes = parsed(FrameBuilder.tcp4().payload(64));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(256);
            int length = Ipip.encapsulate(frame, out, DST_MAC, SRC_MAC, DIRECTOR, REAL, 3, 1500);
            byte[] written = out.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
            assertThat(Oracle.ipv4ChecksumField(written)).isEqualTo(Oracle.ipv4HeaderChecksum(written));
            assertThat(Arrays.copyOfRange(written, 34, length)).isEqualTo(Arrays.copyOfRange(bytes, 14,
                    bytes.length));
            assertThat(Ipip.innerOffset(out.asSlice(14), length - 14)).isEqualTo(20);
        }
    }

    @Test
    void encapsulationNeedsAParsedIpHeader() {
        byte[] arp = new byte[60];
        arp[12] = 0x08;
        arp[13] = 0x06;
        FrameParser.parse(MemorySegment.ofArray(arp), 60, frame);
        assertThatThrownBy(() -> Ipip.encapsulate(frame, MemorySegment.ofArray(new byte[100]), 0, 0, 0, 0, 0, 1500))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NOT_IP");
    }

    @Test
    void innerOffsetSkipsOuterOptions() {
        byte[] inner = Arrays.copyOfRange(FrameBuilder.udp4().payload(4).build(), 14, 14 + 32);
        byte[] packet = outer(24, inner);
        assertThat(Ipip.innerOffset(MemorySegment.ofArray(packet), packet.length)).isEqualTo(24);
        byte[] padded = Arrays.copyOf(packet, packet.length + 10);
        assertThat(Ipip.innerOffset(MemorySegment.ofArray(padded), padded.length)).as("padding").isEqualTo(24);
    }

    @Test
    void innerOffsetRejectsWhatIsNotAValidTunnelPacket() {
        byte[] inner = Arrays.copyOfRange(FrameBuilder.udp4().payload(4).build(), 14, 14 + 32);
        byte[] good = outer(20, inner);
        assertThat(Ipip.innerOffset(MemorySegment.ofArray(good), good.length)).isEqualTo(20);

        assertThat(Ipip.innerOffset(MemorySegment.ofArray(good), good.length - 1)).as("cut").isEqualTo(-1);
        assertThat(Ipip.innerOffset(MemorySegment.ofArray(good).asSlice(0, 40), good.length))
                .as("length past the segment").isEqualTo(-1);
        assertThat(Ipip.innerOffset(MemorySegment.ofArray(good), 0)).isEqualTo(-1);
        assertThat(Ipip.innerOffset(MemorySegment.ofArray(good), -5)).isEqualTo(-1);
        assertThat(Ipip.innerOffset(MemorySegment.NULL, 100)).isEqualTo(-1);

        byte[] udp = good.clone();
        udp[9] = 17;
        fixOuter(udp, 20);
        assertThat(Ipip.innerOffset(MemorySegment.ofArray(udp), udp.length)).as("not IPIP").isEqualTo(-1);

        byte[] badOuterSum = good.clone();
        badOuterSum[10] ^= 0x40;
        assertThat(Ipip.innerOffset(MemorySegment.ofArray(badOuterSum), good.length)).isEqualTo(-1);

        byte[] badInnerSum = good.clone();
        badInnerSum[20 + 10] ^= 0x40;
        assertThat(Ipip.innerOffset(MemorySegment.ofArray(badInnerSum), good.length)).isEqualTo(-1);

        byte[] innerV6 = good.clone();
        innerV6[20] = 0x65;
        assertThat(Ipip.innerOffset(MemorySegment.ofArray(innerV6), good.length)).as("inner version").isEqualTo(-1);

        byte[] innerTooLong = good.clone();
        Oracle.put16(innerTooLong, 20 + 2, 33);
        fixInner(innerTooLong, 20);
        assertThat(Ipip.innerOffset(MemorySegment.ofArray(innerTooLong), good.length)).isEqualTo(-1);

        byte[] innerShorter = good.clone();
        Oracle.put16(innerShorter, 20 + 2, 28);
        fixInner(innerShorter, 20);
        assertThat(Ipip.innerOffset(MemorySegment.ofArray(innerShorter), good.length))
                .as("inner packet shorter than the outer payload, as the kernel accepts").isEqualTo(20);

        byte[] fragment = good.clone();
        Oracle.put16(fragment, 6, 0x2000);
        fixOuter(fragment, 20);
        assertThat(Ipip.innerOffset(MemorySegment.ofArray(fragment), good.length)).as("outer fragment")
                .isEqualTo(-1);

        byte[] outerIhl4 = good.clone();
        outerIhl4[0] = 0x44;
        fixOuter(outerIhl4, 16);
        assertThat(Ipip.innerOffset(MemorySegment.ofArray(outerIhl4), good.length)).isEqualTo(-1);

        byte[] outerTotalPast = good.clone();
        Oracle.put16(outerTotalPast, 2, good.length + 1);
        fixOuter(outerTotalPast, 20);
        assertThat(Ipip.innerOffset(MemorySegment.ofArray(outerTotalPast), good.length)).isEqualTo(-1);

        byte[] innerCut = outer(20, Arrays.copyOf(inner, 19));
        assertThat(Ipip.innerOffset(MemorySegment.ofArray(innerCut), innerCut.length)).isEqualTo(-1);
    }

    @Test
    void innerOffsetValidatesAnIpv6InnerPacket() {
        byte[] inner = Arrays.copyOfRange(FrameBuilder.udp6().payload(4).build(), 14, 14 + 52);
        byte[] packet = outer(20, inner);
        packet[9] = 41;
        fixOuter(packet, 20);
        assertThat(Ipip.innerOffset(MemorySegment.ofArray(packet), packet.length)).isEqualTo(20);
        byte[] longPayload = packet.clone();
        Oracle.put16(longPayload, 20 + 4, 13);
        assertThat(Ipip.innerOffset(MemorySegment.ofArray(longPayload), packet.length)).isEqualTo(-1);
        byte[] notV6 = packet.clone();
        notV6[20] = 0x45;
        assertThat(Ipip.innerOffset(MemorySegment.ofArray(notV6), packet.length)).isEqualTo(-1);
    }

    /** An IPIP packet: an outer header of {@code ihl} bytes (options are NOPs) and {@code inner}. */
    private static byte[] outer(int ihl, byte[] inner) {
        byte[] p = new byte[ihl + inner.length];
        p[0] = (byte) (0x40 | ihl / 4);
        Oracle.put16(p, 2, p.length);
        p[8] = 64;
        p[9] = 4;
        for (int i = 20; i < ihl; i++) {
            p[i] = 1;
        }
        p[12] = 10;
        p[15] = 1;
        p[16] = 10;
        p[19] = 2;
        System.arraycopy(inner, 0, p, ihl, inner.length);
        fixOuter(p, ihl);
        return p;
    }

    private static void fixOuter(byte[] p, int ihl) {
        Oracle.put16(p, 10, 0);
        Oracle.put16(p, 10, ~Oracle.onesSum(p, 0, ihl, 0) & 0xffff);
    }

    private static void fixInner(byte[] p, int at) {
        Oracle.put16(p, at + 10, 0);
        Oracle.put16(p, at + 10, ~Oracle.onesSum(p, at, at + 20, 0) & 0xffff);
    }
}
