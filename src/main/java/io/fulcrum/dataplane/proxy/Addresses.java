package io.fulcrum.dataplane.proxy;

import io.fulcrum.common.IpAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;

/** Conversions between the table's addresses and the JDK's, and the "address:port" text of log lines. */
final class Addresses {

    private Addresses() {
    }

    static InetAddress inet(IpAddress a) {
        try {
            return InetAddress.getByAddress(a.bytes());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + a, e); // unreachable: 4 or 16 bytes
        }
    }

    static InetSocketAddress socket(IpAddress a, int port) {
        return new InetSocketAddress(inet(a), port);
    }

    /** The IP address of a connected socket's end (IPv4-mapped IPv6 addresses come back as IPv4). */
    static IpAddress ip(SocketAddress a) {
        InetAddress inet = ((InetSocketAddress) a).getAddress();
        return IpAddress.ofBytes(inet.getAddress());
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

    static int port(SocketAddress a) {
        return ((InetSocketAddress) a).getPort();
    }

    /** {@code 10.0.0.1:80} or {@code [2001:db8::1]:80}. */
    static String label(IpAddress a, int port) {
        return (a.isV6() ? "[" + a + "]" : a.toString()) + ":" + port;
    }

    /** {@link #label} of a socket address. */
    static String label(InetSocketAddress a) {
        return label(IpAddress.ofBytes(a.getAddress().getAddress()), a.getPort());
    }
}
