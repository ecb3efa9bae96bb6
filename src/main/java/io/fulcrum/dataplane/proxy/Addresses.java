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

    static int port(SocketAddress a) {
        return ((InetSocketAddress) a).getPort();
    }

    /** {@code 10.0.0.1:80} or {@code [2001:db8::1]:80}. */
    static String label(IpAddress a, int port) {
        return (a.isV6() ? "[" + a + "]" : a.toString()) + ":" + port;
    }
}
