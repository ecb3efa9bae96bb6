package io.fulcrum.dataplane.packet;

import io.fulcrum.common.IpAddress;

/**
 * Addresses as two longs, as the frame parser and the connection table hold them: an IPv6 address is its high and
 * low 64 bits; an IPv4 address has high 0 and the address, unsigned, in low.
 */
final class Addresses {

    private Addresses() {
    }

    static long high(IpAddress a) {
        return a.isV6() ? word(a.bytes(), 0) : 0;
    }

    static long low(IpAddress a) {
        byte[] b = a.bytes();
        return b.length == 16 ? word(b, 8) : word(b, 0) & 0xffffffffL;
    }

    /** The IPv4 address as the int the frame parser gives (network order value). */
    static int v4(IpAddress a) {
        return (int) low(a);
    }

    static IpAddress of(boolean v6, long high, long low) {
        byte[] b = new byte[v6 ? 16 : 4];
        if (v6) {
            put(b, 0, high);
            put(b, 8, low);
        } else {
            for (int i = 3; i >= 0; i--) {
                b[i] = (byte) low;
                low >>>= 8;
            }
        }
        return IpAddress.ofBytes(b);
    }

    private static long word(byte[] b, int from) {
        long v = 0;
        for (int i = from; i < Math.min(b.length, from + 8); i++) {
            v = v << 8 | (b[i] & 0xffL);
        }
        return v;
    }

    private static void put(byte[] b, int from, long v) {
        for (int i = 7; i >= 0; i--) {
            b[from + i] = (byte) v;
            v >>>= 8;
        }
    }
}
