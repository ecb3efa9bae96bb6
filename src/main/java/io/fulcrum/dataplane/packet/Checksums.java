package io.fulcrum.dataplane.packet;

import java.lang.foreign.MemorySegment;

/**
 * The Internet checksum (RFC 1071) over frame memory, and its incremental update (RFC 1624 equation 3,
 * {@code HC' = ~(~HC + ~m + m')}), which is what the kernel's {@code csum_replace4} and IPVS's
 * {@code ip_vs_check_diff4/16} compute. Equation 3, unlike RFC 1141's {@code HC - ~m - m'}, never turns a
 * checksum that computed from scratch would be 0x0000 into 0xFFFF (-0).
 *
 * <p>Partial sums are carried unfolded in a {@code long} so that parts can be added before one final fold.
 * Checksum values are the 16-bit field values, in the low bits of an {@code int}.
 */
public final class Checksums {

    private Checksums() {
    }

    /**
     * Folds the carries of the non-negative partial sum {@code sum} into 16 bits (end-around carry); not
     * complemented. 0 only for 0: a non-zero sum folds to 1..0xFFFF.
     */
    public static int fold(long sum) {
        long s = sum;
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) s;
    }

    /**
     * Adds the bytes {@code s[offset, offset + length)} as big-endian 16-bit words (an odd last byte is padded
     * with a zero byte) to the partial sum {@code initial}. The result is a partial sum too: only its
     * {@link #fold} is defined (it adds 32 bits at a time, which folds to the same value). Throws
     * {@link IndexOutOfBoundsException} outside the segment.
     */
    public static long sum(MemorySegment s, long offset, int length, long initial) {
        long sum = initial;
        long end = offset + length;
        long at = offset;
        for (; at + 3 < end; at += 4) {
            sum += Wire.i32(s, at) & 0xffffffffL;
        }
        for (; at + 1 < end; at += 2) {
            sum += Wire.u16(s, at);
        }
        if (at < end) {
            sum += Wire.u8(s, at) << 8;
        }
        return sum;
    }

    /**
     * The ones' complement of the ones' complement sum of the IPv4 header {@code s[offset, offset + length)},
     * its checksum field included, as the kernel's {@code ip_fast_csum}: 0 when the header's checksum is right.
     * To compute a header's checksum, write 0 to its field first, then store the result there.
     */
    public static int ipv4Header(MemorySegment s, long offset, int length) {
        return ~fold(sum(s, offset, length, 0)) & 0xffff;
    }

    /** The checksum after a 16-bit word of the covered data changed from {@code oldValue} to {@code newValue}. */
    public static int update16(int checksum, int oldValue, int newValue) {
        long sum = (~checksum & 0xffff) + (~oldValue & 0xffff) + (newValue & 0xffff);
        return ~fold(sum) & 0xffff;
    }

    /** The checksum after a 32-bit field (two aligned words, such as an IPv4 address) changed. */
    public static int update32(int checksum, int oldValue, int newValue) {
        long sum = (~checksum & 0xffff) + words32(~oldValue) + words32(newValue);
        return ~fold(sum) & 0xffff;
    }

    /** The checksum after a 64-bit field (four aligned words, such as half an IPv6 address) changed. */
    public static int update64(int checksum, long oldValue, long newValue) {
        long sum = (~checksum & 0xffff) + words32((int) (~oldValue >>> 32)) + words32((int) ~oldValue)
                + words32((int) (newValue >>> 32)) + words32((int) newValue);
        return ~fold(sum) & 0xffff;
    }

    private static long words32(int value) {
        return (value >>> 16) + (value & 0xffff);
    }
}
