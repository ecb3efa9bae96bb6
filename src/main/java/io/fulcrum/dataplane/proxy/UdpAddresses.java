package io.fulcrum.dataplane.proxy;

import io.fulcrum.common.IpAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Conversions between socket addresses and the table's {@link IpAddress} values. */
final class UdpAddresses {

    private UdpAddresses() {
    }

    /**
     * A client's address as the table keys it: in the virtual address's family, so that an IPv4 client reaching an
     * IPv6 wildcard listener is its IPv4-mapped IPv6 address.
     */
    static IpAddress client(InetAddress address, boolean v6) {
        byte[] b = address.getAddress();
        if (v6 && b.length == 4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(b, 0, mapped, 12, 4);
            return IpAddress.ofBytes(mapped);
        }
        return IpAddress.ofBytes(b);
    }

    static InetSocketAddress socket(IpAddress address, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address.bytes()), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + address, e); // 4 or 16 bytes: cannot happen
        }
    }

    /** The high 64 bits of an IPv6 address; 0 for IPv4 (as {@code Connection#virtualAddressHigh()}). */
    static long high(IpAddress a) {
        return a.isV6() ? word(a.bytes(), 0, 8) : 0;
    }

    /** The low 64 bits of an IPv6 address; the unsigned IPv4 address (as {@code Connection#virtualAddressLow()}). */
    static long low(IpAddress a) {
        return a.isV6() ? word(a.bytes(), 8, 8) : word(a.bytes(), 0, 4);
    }

    private static long word(byte[] b, int from, int n) {
        long v = 0;
        for (int i = from; i < from + n; i++) {
            v = v << 8 | (b[i] & 0xffL);
        }
        return v;
    }

    static String text(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
