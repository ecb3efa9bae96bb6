package io.fulcrum.realserver;

import io.fulcrum.common.IpAddress;
import java.util.Objects;

/**
 * Checks one IPIP packet (RFC 2003: an IPv4 header with protocol 4, then a whole IPv4 packet) as a raw IPIP socket
 * delivers it, and finds the inner packet. Both headers must be IPv4 with a header length of at least 20 bytes that
 * fits, a total length that covers the header and fits what arrived, and a correct header checksum; the outer one
 * must carry protocol 4 and not be a fragment; the inner destination must be the VIP. Bytes after the inner
 * packet's total length (padding) are left out. Pure, and bounds-checked: any input gives an answer, never an
 * exception.
 */
public final class IpipDecoder {

    /** IPPROTO_IPIP. */
    public static final int PROTOCOL_IPIP = 4;
    /** The smallest IPv4 header. */
    public static final int MIN_HEADER = 20;

    private IpipDecoder() {
    }

    /** The inner packet of the first {@code length} bytes of {@code packet}, or why there is none for {@code vip}. */
    public static Decapsulated decode(byte[] packet, int length, IpAddress vip) {
        Objects.requireNonNull(packet, "packet");
        Objects.requireNonNull(vip, "vip");
        if (length < 0 || length > packet.length) {
            throw new IllegalArgumentException("length " + length + " outside a buffer of " + packet.length);
        }
        if (length < MIN_HEADER) {
            return new Decapsulated.Dropped(DropReason.OUTER_TRUNCATED);
        }
        DropReason outer = header(packet, 0, length, DropReason.OUTER_VERSION, DropReason.OUTER_HEADER_LENGTH,
                DropReason.OUTER_TOTAL_LENGTH, DropReason.OUTER_CHECKSUM);
        if (outer != null) {
            return new Decapsulated.Dropped(outer);
        }
        if ((packet[9] & 0xff) != PROTOCOL_IPIP) {
            return new Decapsulated.Dropped(DropReason.OUTER_PROTOCOL);
        }
        int fragment = u16(packet, 6);
        if ((fragment & 0x2000) != 0 || (fragment & 0x1fff) != 0) {
            return new Decapsulated.Dropped(DropReason.OUTER_FRAGMENT);
        }
        int inner = headerLength(packet, 0);
        int innerAvailable = u16(packet, 2) - inner;
        if (innerAvailable < MIN_HEADER) {
            return new Decapsulated.Dropped(DropReason.INNER_TRUNCATED);
        }
        DropReason problem = header(packet, inner, innerAvailable, DropReason.INNER_VERSION,
                DropReason.INNER_HEADER_LENGTH, DropReason.INNER_TOTAL_LENGTH, DropReason.INNER_CHECKSUM);
        if (problem != null) {
            return new Decapsulated.Dropped(problem);
        }
        byte[] destination = vip.bytes();
        if (destination.length != 4) {
            return new Decapsulated.Dropped(DropReason.NOT_FOR_VIP);
        }
        for (int i = 0; i < 4; i++) {
            if (packet[inner + 16 + i] != destination[i]) {
                return new Decapsulated.Dropped(DropReason.NOT_FOR_VIP);
            }
        }
        return new Decapsulated.Inner(inner, u16(packet, inner + 2));
    }

    /** Checks the IPv4 header at {@code at} with {@code available} (>= 20) bytes from there; null when fine. */
    private static DropReason header(byte[] b, int at, int available, DropReason version, DropReason headerLength,
            DropReason totalLength, DropReason checksum) {
        if ((b[at] & 0xf0) != 0x40) {
            return version;
        }
        int ihl = headerLength(b, at);
        if (ihl < MIN_HEADER || ihl > available) {
            return headerLength;
        }
        int total = u16(b, at + 2);
        if (total < ihl || total > available) {
            return totalLength;
        }
        if (checksum(b, at, ihl) != 0) {
            return checksum;
        }
        return null;
    }

    private static int headerLength(byte[] b, int at) {
        return (b[at] & 0x0f) * 4;
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    /**
     * The Internet checksum (RFC 1071) of {@code length} bytes from {@code offset}: the ones' complement of the ones'
     * complement sum of the 16-bit words. Over a header that carries its correct checksum it is 0.
     */
    public static int checksum(byte[] b, int offset, int length) {
        long sum = 0;
        int i = offset;
        int end = offset + length;
        for (; i + 1 < end; i += 2) {
            sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if (i < end) {
            sum += (b[i] & 0xff) << 8;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
