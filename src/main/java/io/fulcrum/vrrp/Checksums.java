package io.fulcrum.vrrp;

import io.fulcrum.common.IpAddress;

/**
 * The Internet checksum (RFC 1071) and the IPv4 / IPv6 pseudo-headers that VRRPv3 and ICMPv6 prefix to it.
 * Sums are carried unfolded in a {@code long} so that parts can be added up before the final fold.
 */
public final class Checksums {

    private Checksums() {
    }

    /**
     * Adds the bytes {@code [offset, offset + length)} as big-endian 16-bit words (an odd last byte is padded
     * with a zero byte) to {@code sum}.
     */
    public static long sum(byte[] data, int offset, int length, long sum) {
        long s = sum;
        int end = offset + length;
        int i = offset;
        for (; i + 1 < end; i += 2) {
            s += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
        }
        if (i < end) {
            s += (data[i] & 0xff) << 8;
        }
        return s;
    }

    /** Folds the carries of {@code sum} and returns its ones' complement: the value for the checksum field. */
    public static int finish(long sum) {
        long s = sum;
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) (~s & 0xffff);
    }

    /** The Internet checksum of {@code [offset, offset + length)} on top of a partial sum (0 for none). */
    public static int internet(byte[] data, int offset, int length, long initial) {
        return finish(sum(data, offset, length, initial));
    }

    /**
     * The partial sum of the pseudo-header of an upper-layer message of {@code length} bytes and protocol
     * {@code protocol}: RFC 768 style for IPv4 (src, dst, zero, protocol, 16-bit length), RFC 8200 section 8.1
     * for IPv6 (src, dst, 32-bit length, three zero bytes, next header).
     */
    public static long pseudoHeader(IpAddress source, IpAddress destination, int protocol, int length) {
        if (source.isV4() != destination.isV4()) {
            throw new IllegalArgumentException("source and destination families differ: " + source + ", "
                    + destination);
        }
        byte[] s = source.bytes();
        byte[] d = destination.bytes();
        long sum = sum(s, 0, s.length, 0);
        sum = sum(d, 0, d.length, sum);
        if (source.isV4()) {
            return sum + (protocol & 0xff) + (length & 0xffff);
        }
        return sum + ((length >>> 16) & 0xffff) + (length & 0xffff) + (protocol & 0xff);
    }
}
