package io.fulcrum.dataplane.proxy;

import io.fulcrum.common.IpAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The PROXY protocol header (HAProxy's proxy-protocol.txt, versions 1 and 2) that the full-NAT proxy can send
 * first on each connection toward a real server, so the real server learns the client's address and the virtual
 * address it connected to. Version 1 is text and TCP only; version 2 is binary and also carries UDP.
 */
public enum ProxyProtocol {
    /** {@code PROXY TCP4 src dst sport dport\r\n}. */
    V1,
    /** The 16-byte binary preamble followed by the address block. */
    V2;

    /** The 12-byte signature that starts every version 2 header. */
    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private static final int V2_VERSION_PROXY = 0x21;
    private static final int V2_INET = 0x10;
    private static final int V2_INET6 = 0x20;
    private static final int V2_STREAM = 0x01;
    private static final int V2_DGRAM = 0x02;

    /** The keyword's value as written in keepalived.conf: {@code v1} or {@code v2}. */
    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The header for a connection from {@code source} to {@code destination} (the virtual address and port the
     * client reached). Both must be of the same family; version 1 refuses UDP.
     */
    public byte[] header(boolean udp, IpAddress source, int sourcePort, IpAddress destination, int destinationPort) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        if (source.isV4() != destination.isV4()) {
            throw new IllegalArgumentException("PROXY header needs one address family: " + source + " and "
                    + destination);
        }
        checkPort(sourcePort);
        checkPort(destinationPort);
        return switch (this) {
            case V1 -> v1(udp, source, sourcePort, destination, destinationPort);
            case V2 -> v2(udp, source, sourcePort, destination, destinationPort);
        };
    }

    private static byte[] v1(boolean udp, IpAddress src, int sport, IpAddress dst, int dport) {
        if (udp) {
            throw new IllegalArgumentException("PROXY protocol version 1 carries TCP only; use v2 for UDP");
        }
        String line = "PROXY " + (src.isV4() ? "TCP4 " : "TCP6 ") + src + " " + dst + " " + sport + " " + dport
                + "\r\n";
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] v2(boolean udp, IpAddress src, int sport, IpAddress dst, int dport) {
        byte[] s = src.bytes();
        byte[] d = dst.bytes();
        int addressBlock = 2 * s.length + 4;
        byte[] out = new byte[16 + addressBlock];
        System.arraycopy(V2_SIGNATURE, 0, out, 0, V2_SIGNATURE.length);
        out[12] = (byte) V2_VERSION_PROXY;
        out[13] = (byte) ((src.isV4() ? V2_INET : V2_INET6) | (udp ? V2_DGRAM : V2_STREAM));
        out[14] = (byte) (addressBlock >>> 8);
        out[15] = (byte) addressBlock;
        int at = 16;
        System.arraycopy(s, 0, out, at, s.length);
        at += s.length;
        System.arraycopy(d, 0, out, at, d.length);
        at += d.length;
        out[at++] = (byte) (sport >>> 8);
        out[at++] = (byte) sport;
        out[at++] = (byte) (dport >>> 8);
        out[at] = (byte) dport;
        return out;
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range 0..65535: " + port);
        }
    }
}
