package io.fulcrum.nativeio;

import io.fulcrum.common.IpAddress;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/** Test helper: hand-built Ethernet frames (IPv4 with options and fragments, IPv6, VLAN, ARP, markers). */
final class Frames {

    static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};
    static final byte[] SOURCE = {0x02, 0, 0, 0, 0, 0x01};
    static final int TCP = 6;
    static final int UDP = 17;
    /** IEEE 802 local experimental ethertype: frames no stack reacts to, told apart by a sequence number. */
    static final int MARKER_TYPE = 0x88b5;

    private Frames() {
    }

    static byte[] mac(long value) {
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) (value >>> (40 - 8 * i));
        }
        return out;
    }

    /** A 60-byte marker frame carrying {@code seq} (and a 32-bit tag) after the ethertype. */
    static byte[] marker(byte[] dst, byte[] src, int tag, int seq) {
        return ByteBuffer.allocate(60).put(dst).put(src).putShort((short) MARKER_TYPE).putInt(tag).putInt(seq)
                .array();
    }

    /** The sequence number of a marker frame with {@code tag}, or -1 for any other frame. */
    static int markerSeq(byte[] frame, int tag) {
        ByteBuffer b = ByteBuffer.wrap(frame);
        if (frame.length < 22 || (b.getShort(12) & 0xffff) != MARKER_TYPE || b.getInt(14) != tag) {
            return -1;
        }
        return b.getInt(18);
    }

    static byte[] copy(MemorySegment frame) {
        return frame.toArray(ValueLayout.JAVA_BYTE);
    }

    static String hex(byte[] frame) {
        return HexFormat.of().formatHex(frame);
    }

    /** The first 4 (UDP: 8, TCP: 20) bytes of a layer-4 header with these ports, then {@code payload}. */
    static byte[] l4(int protocol, int srcPort, int dstPort, byte[] payload) {
        int header = protocol == TCP ? 20 : protocol == UDP ? 8 : 4;
        ByteBuffer b = ByteBuffer.allocate(header + payload.length).putShort((short) srcPort)
                .putShort((short) dstPort);
        if (protocol == UDP) {
            b.putShort((short) (8 + payload.length)).putShort((short) 0);
        } else if (protocol == TCP) {
            b.putInt(1).putInt(0).put((byte) 0x50).put((byte) 0x02).putShort((short) 0xffff).putInt(0);
        }
        return b.put(payload).array();
    }

    /**
     * An IPv4 frame: {@code optionWords} 32-bit words of NOP options, the flags/fragment field as given (0x2000
     * MF, low 13 bits the offset in 8-byte units), a valid header checksum.
     */
    static byte[] ipv4(byte[] dst, IpAddress from, IpAddress to, int protocol, int optionWords, int fragment,
            byte[] l4) {
        int ihl = 5 + optionWords;
        ByteBuffer b = ByteBuffer.allocate(14 + ihl * 4 + l4.length);
        b.put(dst).put(SOURCE).putShort((short) 0x0800);
        b.put((byte) (0x40 | ihl)).put((byte) 0).putShort((short) (ihl * 4 + l4.length)).putShort((short) 1)
                .putShort((short) fragment).put((byte) 64).put((byte) protocol).putShort((short) 0)
                .put(from.bytes()).put(to.bytes());
        for (int i = 0; i < optionWords * 4; i++) {
            b.put((byte) 1);
        }
        byte[] frame = b.put(l4).array();
        int sum = 0;
        for (int i = 14; i < 14 + ihl * 4; i += 2) {
            sum += ((frame[i] & 0xff) << 8) | (frame[i + 1] & 0xff);
        }
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = ~((sum & 0xffff) + (sum >>> 16)) & 0xffff;
        frame[24] = (byte) (sum >>> 8);
        frame[25] = (byte) sum;
        return frame;
    }

    static byte[] ipv4(byte[] dst, IpAddress from, IpAddress to, int protocol, int srcPort, int dstPort) {
        return ipv4(dst, from, to, protocol, 0, 0, l4(protocol, srcPort, dstPort, new byte[8]));
    }

    /** An IPv6 frame; with {@code fragmentOffset} ≥ 0 a fragment header (next header 44) precedes {@code l4}. */
    static byte[] ipv6(byte[] dst, IpAddress from, IpAddress to, int protocol, int fragmentOffset, byte[] l4) {
        boolean fragment = fragmentOffset >= 0;
        int extra = fragment ? 8 : 0;
        ByteBuffer b = ByteBuffer.allocate(54 + extra + l4.length);
        b.put(dst).put(SOURCE).putShort((short) 0x86dd);
        b.putInt(0x60000000).putShort((short) (extra + l4.length)).put((byte) (fragment ? 44 : protocol))
                .put((byte) 64).put(from.bytes()).put(to.bytes());
        if (fragment) {
            b.put((byte) protocol).put((byte) 0).putShort((short) ((fragmentOffset << 3) | 1)).putInt(7);
        }
        return b.put(l4).array();
    }

    static byte[] ipv6(byte[] dst, IpAddress from, IpAddress to, int protocol, int srcPort, int dstPort) {
        return ipv6(dst, from, to, protocol, -1, l4(protocol, srcPort, dstPort, new byte[8]));
    }

    /** The frame with an 802.1Q tag (or 802.1ad with {@code tpid} 0x88a8) for {@code vid} after the MACs. */
    static byte[] vlan(byte[] frame, int tpid, int vid) {
        return ByteBuffer.allocate(frame.length + 4).put(frame, 0, 12).putShort((short) tpid).putShort((short) vid)
                .put(frame, 12, frame.length - 12).array();
    }

    /** A broadcast ARP request from {@code sender} for {@code target}. */
    static byte[] arp(IpAddress sender, IpAddress target) {
        return ByteBuffer.allocate(60).put(BROADCAST).put(SOURCE).putShort((short) 0x0806)
                .putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1)
                .put(SOURCE).put(sender.bytes()).put(new byte[6]).put(target.bytes()).array();
    }

    static byte[] truncate(byte[] frame, int length) {
        return Arrays.copyOf(frame, length);
    }

    /** The frame with its source MAC replaced by {@code src} (to tell otherwise equal frames apart). */
    static byte[] withSource(byte[] frame, long src) {
        byte[] out = frame.clone();
        System.arraycopy(mac(src), 0, out, 6, 6);
        return out;
    }
}
