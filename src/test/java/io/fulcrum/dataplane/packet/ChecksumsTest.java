package io.fulcrum.dataplane.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChecksumsTest {

    /** The IPv4 header of RFC 1071's era examples (192.168.0.1 -> 192.168.0.199, UDP), checksum 0xb861. */
    private static final byte[] HEADER = FrameBuilder.bytes("450000730000400040110000c0a80001c0a800c7");

    @Test
    void foldAddsTheCarriesBackIn() {
        assertThat(Checksums.fold(0)).isZero();
        assertThat(Checksums.fold(0xffff)).isEqualTo(0xffff);
        assertThat(Checksums.fold(0x10000)).isEqualTo(1);
        assertThat(Checksums.fold(0x1fffe)).isEqualTo(0xffff);
        assertThat(Checksums.fold(0x2_fffdL)).isEqualTo(0xffff);
        assertThat(Checksums.fold(0xffff_ffff_ffffL)).isEqualTo(0xffff);
        assertThat(Checksums.fold(0x1234_5678L)).isEqualTo(0x68ac);
    }

    @Test
    void computesAndVerifiesAKnownIpv4Header() {
        byte[] h = HEADER.clone();
        MemorySegment s = MemorySegment.ofArray(h);
        assertThat(Checksums.ipv4Header(s, 0, 20)).isEqualTo(0xb861);
        Oracle.put16(h, 10, 0xb861);
        assertThat(Checksums.ipv4Header(s, 0, 20)).as("a right header sums to 0").isZero();
        h[8]--;
        assertThat(Checksums.ipv4Header(s, 0, 20)).isNotZero();
    }

    @Test
    void sumsAnOddLengthAsIfPaddedWithAZero() {
        byte[] data = {0x01, 0x02, 0x03, 0x04, 0x05};
        MemorySegment s = MemorySegment.ofArray(data);
        assertThat(Checksums.fold(Checksums.sum(s, 0, 5, 0))).isEqualTo(0x0102 + 0x0304 + 0x0500);
        assertThat(Checksums.fold(Checksums.sum(s, 1, 3, 7))).isEqualTo(7 + 0x0203 + 0x0400);
        assertThat(Checksums.fold(Checksums.sum(s, 2, 0, 9))).isEqualTo(9);
        byte[] ones = new byte[9];
        java.util.Arrays.fill(ones, (byte) 0xff);
        assertThat(Checksums.fold(Checksums.sum(MemorySegment.ofArray(ones), 0, 9, 0))).isEqualTo(0xff00);
    }

    @Test
    void theSumMatchesThePlainOracleOverRandomData() {
        Random random = new Random(1071);
        for (int i = 0; i < 2000; i++) {
            byte[] data = new byte[random.nextInt(70)];
            random.nextBytes(data);
            int from = data.length == 0 ? 0 : random.nextInt(data.length);
            int length = random.nextInt(data.length - from + 1);
            int expected = ~Oracle.onesSum(data, from, from + length, 0) & 0xffff;
            long sum = Checksums.sum(MemorySegment.ofArray(data), from, length, 0);
            assertThat(~Checksums.fold(sum) & 0xffff).as("%d bytes from %d", length, from).isEqualTo(expected);
        }
    }

    /** RFC 1624 section 4: equation 3 gives 0x0000 where RFC 1141's equation 2 gives 0xFFFF. */
    @Test
    void rfc1624Example() {
        assertThat(Checksums.update16(0xdd2f, 0x5555, 0x3285)).isEqualTo(0x0000);
    }

    @Test
    void anUnchangedWordLeavesTheChecksum() {
        assertThat(Checksums.update16(0xb861, 0x1234, 0x1234)).isEqualTo(0xb861);
        assertThat(Checksums.update32(0xb861, 0xc0a80001, 0xc0a80001)).isEqualTo(0xb861);
        assertThat(Checksums.update64(0xb861, -5L, -5L)).isEqualTo(0xb861);
    }

    /** Change random words of random data: the updated checksum equals the one computed from scratch. */
    @Test
    void incrementalUpdatesEqualChecksumsComputedFromScratch() {
        Random random = new Random(1624);
        for (int i = 0; i < 5000; i++) {
            byte[] data = new byte[24];
            random.nextBytes(data);
            if (random.nextInt(8) == 0) {
                java.util.Arrays.fill(data, 0, 8 + random.nextInt(16), (byte) 0);
            }
            ByteBuffer b = ByteBuffer.wrap(data);
            data[20] = 1; // never all zero: only all-zero data sums to +0 (a checksum of 0xFFFF from scratch)
            data[22] = 0;
            data[23] = 0;
            int checksum = scratch(data);
            Oracle.put16(data, 22, checksum);
            int kind = random.nextInt(3);
            int at = random.nextInt(6) * 2;
            int updated;
            switch (kind) {
                case 0 -> {
                    int old = b.getShort(at) & 0xffff;
                    int now = random.nextBoolean() ? random.nextInt(0x10000) : random.nextBoolean() ? 0 : 0xffff;
                    b.putShort(at, (short) now);
                    updated = Checksums.update16(checksum, old, now);
                }
                case 1 -> {
                    int old = b.getInt(at);
                    int now = random.nextBoolean() ? random.nextInt() : random.nextBoolean() ? 0 : -1;
                    b.putInt(at, now);
                    updated = Checksums.update32(checksum, old, now);
                }
                default -> {
                    long old = b.getLong(at);
                    long now = random.nextBoolean() ? random.nextLong() : 0;
                    b.putLong(at, now);
                    updated = Checksums.update64(checksum, old, now);
                }
            }
            Oracle.put16(data, 22, 0);
            assertThat(updated).as("iteration %d, kind %d", i, kind).isEqualTo(scratch(data));
        }
    }

    @Test
    void update32IsTwoUpdate16s() {
        Random random = new Random(32);
        for (int i = 0; i < 1000; i++) {
            int checksum = random.nextInt(0xffff);
            int old = random.nextInt();
            int now = random.nextInt();
            int twice = Checksums.update16(Checksums.update16(checksum, old >>> 16, now >>> 16), old & 0xffff,
                    now & 0xffff);
            assertThat(Checksums.update32(checksum, old, now)).isEqualTo(twice);
        }
    }

    private static int scratch(byte[] data) {
        return ~Oracle.onesSum(data, 0, data.length, 0) & 0xffff;
    }
}
