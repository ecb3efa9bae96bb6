package io.fulcrum.lab;

import io.fulcrum.common.IpAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where a backend listens: a numeric address and a port, written {@code 192.0.2.1:80} or {@code [2001:db8::1]:80}.
 * Port 0 asks the kernel for a free port; the bound address then carries the port it chose.
 */
public record BackendAddress(IpAddress address, int port) {

    public BackendAddress {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range (0-65535)");
        }
    }

    /** Parses {@code ADDR:PORT} or {@code [ADDR]:PORT}; the exception's message says what is wrong. */
    public static BackendAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0 || colon < text.lastIndexOf(']')) {
            throw new IllegalArgumentException("'" + text + "' has no port (expected ADDR:PORT or [ADDR]:PORT)");
        }
        String written = text.substring(0, colon);
        boolean bracketed = written.startsWith("[") && written.endsWith("]") && written.length() > 2;
        String host = bracketed ? written.substring(1, written.length() - 1) : written;
        IpAddress address = IpAddress.tryParse(host).orElseThrow(() -> new IllegalArgumentException(
                "'" + text + "': '" + host + "' is not a numeric IP address (names are not resolved)"));
        if (address.isV6() != bracketed) {
            throw new IllegalArgumentException("'" + text + "': write an IPv6 address in brackets, [ADDR]:PORT, "
                    + "and an IPv4 address without them");
        }
        return new BackendAddress(address, port(text, text.substring(colon + 1)));
    }

    private static int port(String text, String digits) {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + text + "': '" + digits + "' is not a port number (0-65535)");
        }
        int port = Integer.parseInt(digits);
        if (port > 65535) {
            throw new IllegalArgumentException("'" + text + "': port " + port + " is out of range (0-65535)");
        }
        return port;
    }

    /** The address a socket is bound to (an IPv4-mapped IPv6 address is shown as IPv4). */
    public static BackendAddress of(InetSocketAddress bound) {
        byte[] raw = bound.getAddress().getAddress();
        if (raw.length == 16 && isV4Mapped(raw)) {
            raw = java.util.Arrays.copyOfRange(raw, 12, 16);
        }
        return new BackendAddress(IpAddress.ofBytes(raw), bound.getPort());
    }

    private static boolean isV4Mapped(byte[] raw) {
        for (int i = 0; i < 10; i++) {
            if (raw[i] != 0) {
                return false;
            }
        }
        return raw[10] == (byte) 0xff && raw[11] == (byte) 0xff;
    }

    public InetSocketAddress socketAddress() {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address.bytes()), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an IpAddress always has 4 or 16 bytes", e);
        }
    }

    @Override
    public String toString() {
        return (address.isV4() ? address.toString() : "[" + address + "]") + ":" + port;
    }
}
