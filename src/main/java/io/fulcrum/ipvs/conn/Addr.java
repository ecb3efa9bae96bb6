package io.fulcrum.ipvs.conn;

import io.fulcrum.common.IpAddress;

/**
 * Addresses as two primitive longs, so entries hold no objects for them: an IPv6 address is its high and low 64
 * bits; an IPv4 address has high = 0 and the address, unsigned, in low. The family travels separately.
 */
final class Addr {

    private Addr() {
    }

    static long high(IpAddress a) {
        return a.isV6() ? word(a.bytes(), 0) : 0;
    }

    static long low(IpAddress a) {
        byte[] b = a.bytes();
        return b.length == 16 ? word(b, 8) : v4(b);
    }

    static long v4(int address) {
        return address & 0xffffffffL;
    }

    static IpAddress toIp(boolean v6, long high, long low) {
        byte[] b = new byte[v6 ? 16 : 4];
        if (v6) {
            put(b, 0, high, 8);
            put(b, 8, low, 8);
        } else {
            put(b, 0, low, 4);
        }
        return IpAddress.ofBytes(b);
    }

    /** The high word of (high, low) keeping the first {@code prefix} bits of the address. */
    static long maskHigh(boolean v6, long high, int prefix) {
        if (!v6 || prefix >= 64) {
            return high;
        }
        return high & (-1L << (64 - prefix));
    }

    /** The low word of (high, low) keeping the first {@code prefix} bits of the address. */
    static long maskLow(boolean v6, long low, int prefix) {
        if (!v6) {
            int p = Math.min(prefix, 32);
            return p == 0 ? 0 : low & ((0xffffffffL << (32 - p)) & 0xffffffffL);
        }
        if (prefix <= 64) {
            return 0;
        }
        return prefix >= 128 ? low : low & (-1L << (128 - prefix));
    }

    private static long v4(byte[] b) {
        return (b[0] & 0xffL) << 24 | (b[1] & 0xffL) << 16 | (b[2] & 0xffL) << 8 | (b[3] & 0xffL);
    }

    private static long word(byte[] b, int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) {
            v = v << 8 | (b[i] & 0xffL);
        }
        return v;
    }

    private static void put(byte[] b, int from, long v, int n) {
        for (int i = n - 1; i >= 0; i--) {
            b[from + i] = (byte) v;
            v >>>= 8;
        }
    }
}
