package io.fulcrum.realserver;

import java.io.ByteArrayOutputStream;

/**
 * Test helper: IPv4, UDP, TCP and IPIP packets built by hand, byte by byte, with their checksums computed here
 * (independently of the code under test: a plain sum of 16-bit big-endian words, folded).
 */
final class Packets {

    static final int UDP = 17;
    static final int TCP = 6;
    static final int IPIP = 4;

    private Packets() {
    }

    /** The Internet checksum computed the long way: add every word as an int, fold at the end. */
    static int checksum(byte[] b, int from, int to) {
        int sum = 0;
        for (int i = from; i < to; i += 2) {
            int hi = b[i] & 0xff;
            int lo = i + 1 < to ? b[i + 1] & 0xff : 0;
            sum += hi * 256 + lo;
        }
        while (sum > 0xffff) {
            sum = (sum >>> 16) + (sum & 0xffff);
        }
        return 0xffff - sum;
    }

    /**
     * An IPv4 packet: a header of {@code headerWords} 32-bit words (options zero-filled) with a correct checksum,
     * then {@code payload}.
     */
    static byte[] ipv4(byte[] src, byte[] dst, int protocol, int headerWords, int id, byte[] payload) {
        int headerLength = headerWords * 4;
        byte[] p = new byte[headerLength + payload.length];
        p[0] = (byte) (0x40 | headerWords);
        p[1] = 0;
        int total = p.length;
        p[2] = (byte) (total >> 8);
        p[3] = (byte) total;
        p[4] = (byte) (id >> 8);
        p[5] = (byte) id;
        p[6] = 0x40; // don't fragment
        p[7] = 0;
        p[8] = 64;
        p[9] = (byte) protocol;
        System.arraycopy(src, 0, p, 12, 4);
        System.arraycopy(dst, 0, p, 16, 4);
        int c = checksum(p, 0, headerLength);
        p[10] = (byte) (c >> 8);
        p[11] = (byte) c;
        System.arraycopy(payload, 0, p, headerLength, payload.length);
        return p;
    }

    static byte[] ipv4(byte[] src, byte[] dst, int protocol, byte[] payload) {
        return ipv4(src, dst, protocol, 5, 0x1234, payload);
    }

    /** A UDP datagram with its checksum over the IPv4 pseudo-header. */
    static byte[] udp(byte[] src, byte[] dst, int srcPort, int dstPort, byte[] data) {
        byte[] u = new byte[8 + data.length];
        u[0] = (byte) (srcPort >> 8);
        u[1] = (byte) srcPort;
        u[2] = (byte) (dstPort >> 8);
        u[3] = (byte) dstPort;
        u[4] = (byte) (u.length >> 8);
        u[5] = (byte) u.length;
        System.arraycopy(data, 0, u, 8, data.length);
        int c = transportChecksum(src, dst, UDP, u);
        if (c == 0) {
            c = 0xffff;
        }
        u[6] = (byte) (c >> 8);
        u[7] = (byte) c;
        return u;
    }

    /** A TCP SYN (no options, window 64240) with its checksum over the IPv4 pseudo-header. */
    static byte[] tcpSyn(byte[] src, byte[] dst, int srcPort, int dstPort, long seq) {
        byte[] t = new byte[20];
        t[0] = (byte) (srcPort >> 8);
        t[1] = (byte) srcPort;
        t[2] = (byte) (dstPort >> 8);
        t[3] = (byte) dstPort;
        t[4] = (byte) (seq >> 24);
        t[5] = (byte) (seq >> 16);
        t[6] = (byte) (seq >> 8);
        t[7] = (byte) seq;
        t[12] = 0x50; // data offset 5 words
        t[13] = 0x02; // SYN
        t[14] = (byte) (64240 >> 8);
        t[15] = (byte) 64240;
        int c = transportChecksum(src, dst, TCP, t);
        t[16] = (byte) (c >> 8);
        t[17] = (byte) c;
        return t;
    }

    private static int transportChecksum(byte[] src, byte[] dst, int protocol, byte[] segment) {
        ByteArrayOutputStream pseudo = new ByteArrayOutputStream();
        pseudo.writeBytes(src);
        pseudo.writeBytes(dst);
        pseudo.write(0);
        pseudo.write(protocol);
        pseudo.write(segment.length >> 8);
        pseudo.write(segment.length & 0xff);
        pseudo.writeBytes(segment);
        byte[] all = pseudo.toByteArray();
        return checksum(all, 0, all.length);
    }

    /** Sets the header checksum of the IPv4 header at {@code at} again after a change. */
    static void fixChecksum(byte[] p, int at) {
        int headerLength = (p[at] & 0x0f) * 4;
        p[at + 10] = 0;
        p[at + 11] = 0;
        int c = checksum(p, at, at + headerLength);
        p[at + 10] = (byte) (c >> 8);
        p[at + 11] = (byte) c;
    }

    static byte[] v4(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }
}
