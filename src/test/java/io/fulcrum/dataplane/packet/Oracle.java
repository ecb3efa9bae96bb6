package io.fulcrum.dataplane.packet;

/**
 * An independent, deliberately plain implementation of the checksums (RFC 1071 computed from scratch, byte by
 * byte, with the pseudo-headers of RFC 768/793 and RFC 8200 section 8.1) over a frame in a byte array, to check
 * the incremental updates of {@link Rewrites} against. It shares no code with the main classes.
 */
final class Oracle {

    static final int L3 = 14;

    private Oracle() {
    }

    static int u8(byte[] b, int at) {
        return b[at] & 0xff;
    }

    static int u16(byte[] b, int at) {
        return (u8(b, at) << 8) | u8(b, at + 1);
    }

    static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    /** Ones' complement sum of big-endian words, adding the carry back after each word. */
    static int onesSum(byte[] b, int from, int to, int initial) {
        int sum = initial;
        for (int i = from; i < to; i += 2) {
            int word = (u8(b, i) << 8) | (i + 1 < to ? u8(b, i + 1) : 0);
            sum += word;
            if (sum > 0xffff) {
                sum -= 0xffff;
            }
        }
        return sum;
    }

    static int addOnes(int a, int b) {
        int s = a + b;
        return s > 0xffff ? s - 0xffff : s;
    }

    static boolean isV4(byte[] frame) {
        return u8(frame, L3) >>> 4 == 4;
    }

    static int ipHeaderLength(byte[] frame) {
        return isV4(frame) ? (u8(frame, L3) & 0x0f) * 4 : 40;
    }

    static int ipTotalLength(byte[] frame) {
        return isV4(frame) ? u16(frame, L3 + 2) : 40 + u16(frame, L3 + 4);
    }

    static int protocol(byte[] frame) {
        return isV4(frame) ? u8(frame, L3 + 9) : u8(frame, L3 + 6);
    }

    /** The IPv4 header checksum computed from scratch (the field counted as 0). */
    static int ipv4HeaderChecksum(byte[] frame) {
        byte[] copy = frame.clone();
        put16(copy, L3 + 10, 0);
        return ~onesSum(copy, L3, L3 + ipHeaderLength(frame), 0) & 0xffff;
    }

    /** Stores the right IPv4 header checksum. */
    static void fixIpv4Checksum(byte[] frame) {
        put16(frame, L3 + 10, ipv4HeaderChecksum(frame));
    }

    static int l4Offset(byte[] frame) {
        return L3 + ipHeaderLength(frame);
    }

    static int l4ChecksumOffset(byte[] frame) {
        return l4Offset(frame) + (protocol(frame) == 6 ? 16 : 6);
    }

    /** Bytes covered by the L4 checksum: the rest of the IP packet for TCP, the UDP length for UDP. */
    static int l4Length(byte[] frame) {
        return protocol(frame) == 17 ? u16(frame, l4Offset(frame) + 4)
                : ipTotalLength(frame) - ipHeaderLength(frame);
    }

    /**
     * The TCP or UDP checksum computed from scratch over pseudo-header and segment (the field counted as 0), not
     * yet mapped: a UDP sender puts 0xFFFF where this gives 0.
     */
    static int rawL4Checksum(byte[] frame) {
        byte[] copy = frame.clone();
        put16(copy, l4ChecksumOffset(frame), 0);
        int l4 = l4Offset(frame);
        int length = l4Length(frame);
        int sum;
        if (isV4(frame)) {
            sum = onesSum(copy, L3 + 12, L3 + 20, 0);
            sum = addOnes(sum, protocol(frame));
            sum = addOnes(sum, length);
        } else {
            sum = onesSum(copy, L3 + 8, L3 + 40, 0);
            sum = addOnes(sum, length >>> 16);
            sum = addOnes(sum, length & 0xffff);
            sum = addOnes(sum, protocol(frame));
        }
        sum = onesSum(copy, l4, l4 + length, sum);
        return ~sum & 0xffff;
    }

    /** The L4 checksum a sender would put in the field. */
    static int l4Checksum(byte[] frame) {
        int c = rawL4Checksum(frame);
        return c == 0 && protocol(frame) == 17 ? 0xffff : c;
    }

    static void fixL4Checksum(byte[] frame) {
        put16(frame, l4ChecksumOffset(frame), l4Checksum(frame));
    }

    static int ipv4ChecksumField(byte[] frame) {
        return u16(frame, L3 + 10);
    }

    static int l4ChecksumField(byte[] frame) {
        return u16(frame, l4ChecksumOffset(frame));
    }
}
