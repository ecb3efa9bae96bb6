package io.fulcrum.nativeio;

import java.nio.ByteBuffer;

/**
 * ICMP and ICMPv6 echo messages: the request Fulcrum sends (8-byte header, then an 8-byte token and a fixed
 * pattern) and what a received packet is. Bounds-checked: a short or foreign packet is {@link Message.Other} or
 * {@link Message.Malformed}, never an index error.
 */
final class IcmpCodec {

    static final int HEADER = 8;
    static final int PAYLOAD = 56;

    private static final int ECHO_REQUEST_V4 = 8;
    private static final int ECHO_REPLY_V4 = 0;
    private static final int UNREACHABLE_V4 = 3;
    private static final int TIME_EXCEEDED_V4 = 11;
    private static final int ECHO_REQUEST_V6 = 128;
    private static final int ECHO_REPLY_V6 = 129;
    private static final int UNREACHABLE_V6 = 1;
    private static final int TIME_EXCEEDED_V6 = 3;

    private IcmpCodec() {
    }

    /** What a received ICMP message is. */
    sealed interface Message {
        /** An echo reply; {@code token} is the first 8 payload bytes (0 when the payload is shorter). */
        record EchoReply(int id, int seq, long token) implements Message {
        }

        /** An error about an echo request we sent (identified by the id and seq it quotes). */
        record Unreachable(String reason, int id, int seq) implements Message {
        }

        /** Any other ICMP message (our own request looped back on a raw socket, redirects, ...). */
        record Other(int type) implements Message {
        }

        record Malformed(String why) implements Message {
        }
    }

    /** An echo request; the ICMPv4 checksum is filled in, the ICMPv6 one is left to the kernel. */
    static byte[] echoRequest(boolean v6, int id, int seq, long token) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + PAYLOAD);
        b.put((byte) (v6 ? ECHO_REQUEST_V6 : ECHO_REQUEST_V4)).put((byte) 0).putShort((short) 0);
        b.putShort((short) id).putShort((short) seq).putLong(token);
        for (int i = 8; i < PAYLOAD; i++) {
            b.put((byte) (0x10 + i));
        }
        byte[] packet = b.array();
        if (!v6) {
            int sum = checksum(packet, packet.length);
            packet[2] = (byte) (sum >> 8);
            packet[3] = (byte) sum;
        }
        return packet;
    }

    /** The Internet checksum (RFC 1071) of the first {@code length} bytes. */
    static int checksum(byte[] data, int length) {
        long sum = 0;
        for (int i = 0; i + 1 < length; i += 2) {
            sum += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
        }
        if ((length & 1) == 1) {
            sum += (data[length - 1] & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /**
     * Parses a received message. {@code withIpHeader} is true for IPv4 raw sockets, which deliver the IP header
     * in front of the ICMP message; ping sockets and ICMPv6 sockets deliver the ICMP message alone.
     */
    static Message parse(byte[] packet, int length, boolean v6, boolean withIpHeader) {
        int at = 0;
        if (withIpHeader) {
            if (length < 20) {
                return new Message.Malformed("short IP header: " + length + " bytes");
            }
            at = (packet[0] & 0x0f) * 4;
            if (at < 20) {
                return new Message.Malformed("IP header length " + at);
            }
        }
        if (length - at < HEADER) {
            return new Message.Malformed("got short ICMP packet, " + (length - at) + " bytes");
        }
        int type = packet[at] & 0xff;
        int code = packet[at + 1] & 0xff;
        if (type == (v6 ? ECHO_REPLY_V6 : ECHO_REPLY_V4)) {
            long token = length - at >= HEADER + 8 ? ByteBuffer.wrap(packet, at + HEADER, 8).getLong() : 0;
            return new Message.EchoReply(u16(packet, at + 4), u16(packet, at + 6), token);
        }
        if (v6 && (type == UNREACHABLE_V6 || type == TIME_EXCEEDED_V6)) {
            return quoted(packet, length, at + HEADER + 40, ECHO_REQUEST_V6, type, reasonV6(type, code));
        }
        if (!v6 && (type == UNREACHABLE_V4 || type == TIME_EXCEEDED_V4)) {
            int inner = at + HEADER;
            if (length - inner < 20) {
                return new Message.Malformed("short quoted IP header");
            }
            int quoted = inner + (packet[inner] & 0x0f) * 4;
            return quoted(packet, length, quoted, ECHO_REQUEST_V4, type, reasonV4(type, code));
        }
        return new Message.Other(type);
    }

    private static Message quoted(byte[] packet, int length, int at, int requestType, int type, String reason) {
        if (length - at < HEADER || (packet[at] & 0xff) != requestType) {
            return new Message.Other(type);
        }
        return new Message.Unreachable(reason, u16(packet, at + 4), u16(packet, at + 6));
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    static String reasonV4(int type, int code) {
        if (type == TIME_EXCEEDED_V4) {
            return "Time to live exceeded";
        }
        return switch (code) {
            case 0 -> "Destination Net Unreachable";
            case 1 -> "Destination Host Unreachable";
            case 2 -> "Destination Protocol Unreachable";
            case 3 -> "Destination Port Unreachable";
            case 4 -> "Fragmentation needed";
            case 9, 10, 13 -> "Communication administratively prohibited";
            default -> "Destination Unreachable, code " + code;
        };
    }

    static String reasonV6(int type, int code) {
        if (type == TIME_EXCEEDED_V6) {
            return "Hop limit exceeded";
        }
        return switch (code) {
            case 0 -> "No route to destination";
            case 1 -> "Communication with destination administratively prohibited";
            case 3 -> "Address unreachable";
            case 4 -> "Port unreachable";
            default -> "Destination unreachable, code " + code;
        };
    }
}
