package io.fulcrum.dataplane.packet;

import java.nio.ByteBuffer;

/**
 * Hand-built Ethernet + IPv4 + TCP/UDP frames for the engine's tests, with correct checksums computed here (not by
 * the code under test), and readers of the fields the tests look at.
 */
final class EngineFrames {

    static final int ETH = 14;

    private EngineFrames() {
    }

    static byte[] tcp(long dstMac, long srcMac, int src, int sport, int dst, int dport, int flags, int payload) {
        return ipv4(dstMac, srcMac, src, dst, 6, l4Tcp(sport, dport, flags, payload), 64);
    }

    static byte[] udp(long dstMac, long srcMac, int src, int sport, int dst, int dport, int payload) {
        byte[] u = new byte[8 + payload];
        ByteBuffer b = ByteBuffer.wrap(u);
        b.putShort((short) sport).putShort((short) dport).putShort((short) u.length).putShort((short) 0);
        for (int i = 0; i < payload; i++) {
            u[8 + i] = (byte) (i * 7);
        }
        return ipv4(dstMac, srcMac, src, dst, 17, u, 64);
    }

    private static byte[] l4Tcp(int sport, int dport, int flags, int payload) {
        byte[] t = new byte[20 + payload];
        ByteBuffer b = ByteBuffer.wrap(t);
        b.putShort((short) sport).putShort((short) dport).putInt(1000).putInt(flags == 0x02 ? 0 : 2000)
                .put((byte) 0x50).put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        for (int i = 0; i < payload; i++) {
            t[20 + i] = (byte) i;
        }
        return t;
    }

    static byte[] ipv4(long dstMac, long srcMac, int src, int dst, int proto, byte[] l4, int ttl) {
        byte[] f = new byte[ETH + 20 + l4.length];
        ByteBuffer b = ByteBuffer.wrap(f);
        putMac(b, dstMac);
        putMac(b, srcMac);
        b.putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4.length)).putShort((short) 0x1234)
                .putShort((short) 0x4000).put((byte) ttl).put((byte) proto).putShort((short) 0).putInt(src).putInt(dst);
        b.put(l4);
        fixChecksums(f);
        return f;
    }

    /** Recomputes the IPv4 header and TCP/UDP checksums from scratch (an independent reference). */
    static void fixChecksums(byte[] f) {
        setShort(f, ETH + 10, 0);
        setShort(f, ETH + 10, sum(f, ETH, 20, 0));
        int proto = f[ETH + 9] & 0xff;
        int l4 = ETH + 20;
        int len = f.length - l4;
        int at = proto == 6 ? l4 + 16 : l4 + 6;
        setShort(f, at, 0);
        setShort(f, at, l4Checksum(f));
    }

    static int ipChecksumOk(byte[] f) {
        return sum(f, ETH, 20, 0);
    }

    /** The TCP/UDP checksum the frame should carry, computed from scratch with the pseudo-header. */
    static int l4Checksum(byte[] f) {
        int proto = f[ETH + 9] & 0xff;
        int l4 = ETH + 20;
        int len = f.length - l4;
        int at = proto == 6 ? l4 + 16 : l4 + 6;
        byte[] copy = f.clone();
        setShort(copy, at, 0);
        long pseudo = 0;
        for (int i = 12; i < 20; i += 2) {
            pseudo += ((copy[ETH + i] & 0xff) << 8) | (copy[ETH + i + 1] & 0xff);
        }
        pseudo += proto + len;
        int c = sum(copy, l4, len, pseudo);
        return proto == 17 && c == 0 ? 0xffff : c;
    }

    private static int sum(byte[] f, int from, int len, long start) {
        long s = start;
        for (int i = 0; i < len; i += 2) {
            int hi = f[from + i] & 0xff;
            int lo = i + 1 < len ? f[from + i + 1] & 0xff : 0;
            s += (hi << 8) | lo;
        }
        while ((s >> 16) != 0) {
            s = (s & 0xffff) + (s >> 16);
        }
        return (int) (~s & 0xffff);
    }

    static int getShort(byte[] f, int at) {
        return ((f[at] & 0xff) << 8) | (f[at + 1] & 0xff);
    }

    static int getInt(byte[] f, int at) {
        return ByteBuffer.wrap(f).getInt(at);
    }

    static long mac(byte[] f, int at) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = v << 8 | (f[at + i] & 0xff);
        }
        return v;
    }

    private static void setShort(byte[] f, int at, int v) {
        f[at] = (byte) (v >> 8);
        f[at + 1] = (byte) v;
    }

    private static void putMac(ByteBuffer b, long mac) {
        for (int i = 5; i >= 0; i--) {
            b.put((byte) (mac >> (8 * i)));
        }
    }

    static int ip(String dotted) {
        String[] p = dotted.split("\\.");
        return Integer.parseInt(p[0]) << 24 | Integer.parseInt(p[1]) << 16 | Integer.parseInt(p[2]) << 8
                | Integer.parseInt(p[3]);
    }
}
