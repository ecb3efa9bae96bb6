package io.fulcrum.dataplane.packet;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;

/** Builds Ethernet frames carrying IPv4 or IPv6 and TCP or UDP (or other protocols), with right checksums. */
final class FrameBuilder {

    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;

    long dstMac = 0x02_00_00_00_00_64L;
    long srcMac = 0x02_00_00_00_00_01L;
    int etherType = -1;
    int version = 4;
    int protocol = 6;
    byte[] source = {10, 0, 0, 1};
    byte[] destination = {10, 0, 0, 100};
    int sourcePort = 1234;
    int destinationPort = 80;
    int tcpFlags = SYN;
    byte[] tcpOptions = {};
    byte[] payload = {};
    byte[] ipOptions = {};
    int ttl = 64;
    int tos;
    int id = 0x1234;
    int fragment = 0x4000;
    boolean udpChecksum = true;
    int padding;

    static FrameBuilder tcp4() {
        return new FrameBuilder();
    }

    static FrameBuilder udp4() {
        FrameBuilder b = new FrameBuilder();
        b.protocol = 17;
        b.sourcePort = 40000;
        b.destinationPort = 53;
        return b;
    }

    static FrameBuilder tcp6() {
        return tcp4().v6();
    }

    static FrameBuilder udp6() {
        return udp4().v6();
    }

    FrameBuilder v6() {
        version = 6;
        source = bytes("20010db8000000000000000000000001");
        destination = bytes("20010db8000000000000000000000100");
        return this;
    }

    FrameBuilder protocol(int p) {
        protocol = p;
        return this;
    }

    FrameBuilder payload(int n) {
        payload = new byte[n];
        for (int i = 0; i < n; i++) {
            payload[i] = (byte) (i * 7 + 3);
        }
        return this;
    }

    byte[] l4() {
        ByteArrayOutputStream l4 = new ByteArrayOutputStream();
        if (protocol == 6) {
            int header = 20 + tcpOptions.length;
            write16(l4, sourcePort);
            write16(l4, destinationPort);
            l4.writeBytes(new byte[] {0x11, 0x22, 0x33, 0x44, 0, 0, 0, 0});
            l4.write((header / 4) << 4);
            l4.write(tcpFlags);
            write16(l4, 64240);
            write16(l4, 0);
            write16(l4, 0);
            l4.writeBytes(tcpOptions);
        } else if (protocol == 17) {
            write16(l4, sourcePort);
            write16(l4, destinationPort);
            write16(l4, 8 + payload.length);
            write16(l4, 0);
        }
        l4.writeBytes(payload);
        return l4.toByteArray();
    }

    byte[] build() {
        byte[] l4 = l4();
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes(macBytes(dstMac));
        f.writeBytes(macBytes(srcMac));
        write16(f, etherType >= 0 ? etherType : version == 4 ? 0x0800 : 0x86dd);
        if (version == 4) {
            int ihl = 20 + ipOptions.length;
            f.write(0x40 | ihl / 4);
            f.write(tos);
            write16(f, ihl + l4.length);
            write16(f, id);
            write16(f, fragment);
            f.write(ttl);
            f.write(protocol);
            write16(f, 0);
            f.writeBytes(source);
            f.writeBytes(destination);
            f.writeBytes(ipOptions);
        } else {
            write16(f, 0x6000 | tos << 4);
            write16(f, 0x1234);
            write16(f, l4.length);
            f.write(protocol);
            f.write(ttl);
            f.writeBytes(source);
            f.writeBytes(destination);
        }
        f.writeBytes(l4);
        f.writeBytes(new byte[padding]);
        byte[] frame = f.toByteArray();
        if (version == 4) {
            Oracle.fixIpv4Checksum(frame);
        }
        if (protocol == 6 || protocol == 17 && udpChecksum) {
            Oracle.fixL4Checksum(frame);
        }
        return frame;
    }

    MemorySegment segment() {
        return MemorySegment.ofArray(build());
    }

    static byte[] bytes(String hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    static byte[] macBytes(long mac) {
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) (mac >>> (40 - 8 * i));
        }
        return b;
    }

    private static void write16(ByteArrayOutputStream o, int v) {
        o.write(v >>> 8);
        o.write(v);
    }
}
