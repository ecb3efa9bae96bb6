package io.fulcrum.dataplane.packet;

import java.lang.foreign.MemorySegment;

/**
 * Reads the Ethernet, IP and TCP/UDP headers of a frame into a {@link Frame}, checking every length against the
 * bytes there are. Stateless and allocation-free; it never throws for any bytes or length.
 *
 * <p>What it accepts, and why ({@link FrameError} names the rest):
 * <ul>
 * <li>Untagged Ethernet II only: a frame with an 802.1Q VLAN tag (EtherType 0x8100) is {@link FrameError#NOT_IP}.
 *     On Linux the NIC or the kernel usually strips the tag and an AF_PACKET ring reports it beside the frame.</li>
 * <li>IPv4: the header checksum is verified, as {@code ip_rcv} does. A header with options is
 *     {@link FrameError#IP_OPTIONS} and a fragment is {@link FrameError#FRAGMENT}: the engine leaves both to the
 *     kernel (IPVS sees fragments only after the kernel has reassembled them, which an in-place engine cannot
 *     do).</li>
 * <li>IPv6: TCP, UDP or ICMPv6 right after the fixed header; any extension header (hop-by-hop, routing, fragment,
 *     ...) is {@link FrameError#IPV6_EXTENSION_HEADER}.</li>
 * <li>The IP total length governs: bytes past it (Ethernet padding) are ignored. TCP and UDP checksums are not
 *     verified (a forwarder does not, and with offloads they may be partial); {@link Rewrites} keep them as
 *     right as they were.</li>
 * <li>A UDP length shorter than the IP payload is accepted (the kernel trims the rest); longer is not.</li>
 * </ul>
 * A {@code length} past the end of the segment counts only the bytes the segment has, so a frame that needs the
 * missing bytes comes out {@code TRUNCATED_*}; a negative length counts as 0.
 */
public final class FrameParser {

    /** EtherType of IPv4. */
    public static final int ETHERTYPE_IPV4 = 0x0800;
    /** EtherType of IPv6. */
    public static final int ETHERTYPE_IPV6 = 0x86dd;
    /** IP protocol number of ICMP. */
    public static final int ICMP = 1;
    /** IP protocol number of IPv4 in IP (IPIP, the TUN method's encapsulation). */
    public static final int IPIP = 4;
    /** IP protocol number of TCP. */
    public static final int TCP = 6;
    /** IP protocol number of UDP. */
    public static final int UDP = 17;
    /** IP protocol number of IPv6 in IP. */
    public static final int IPV6_IN_IP = 41;
    /** IPv6 next header of ICMPv6. */
    public static final int ICMPV6 = 58;

    private FrameParser() {
    }

    /**
     * Parses {@code frame[0, length)} into {@code out}, which is reset first.
     *
     * @return {@link FrameError#NONE}, or the first problem found
     */
    public static FrameError parse(MemorySegment frame, int length, Frame out) {
        int valid = (int) Math.min(Math.max(length, 0), frame.byteSize());
        out.reset(frame, valid);
        FrameError e = parseFrame(frame, valid, out);
        out.error = e;
        return e;
    }

    private static FrameError parseFrame(MemorySegment s, int length, Frame f) {
        if (length < Wire.ETHERNET_HEADER) {
            return FrameError.TRUNCATED_ETHERNET;
        }
        f.destinationMac = Wire.mac(s, 0);
        f.sourceMac = Wire.mac(s, 6);
        f.etherType = Wire.u16(s, Wire.ETHERTYPE_OFFSET);
        return switch (f.etherType) {
            case ETHERTYPE_IPV4 -> ipv4(s, length, f);
            case ETHERTYPE_IPV6 -> ipv6(s, length, f);
            default -> FrameError.NOT_IP;
        };
    }

    private static FrameError ipv4(MemorySegment s, int length, Frame f) {
        int l3 = Wire.ETHERNET_HEADER;
        int available = length - l3;
        if (available < Wire.IPV4_HEADER) {
            return FrameError.TRUNCATED_IP;
        }
        int versionIhl = Wire.u8(s, l3);
        if (versionIhl >>> 4 != 4) {
            return FrameError.BAD_IP_VERSION;
        }
        int ihl = (versionIhl & 0x0f) * 4;
        if (ihl < Wire.IPV4_HEADER) {
            return FrameError.BAD_IP_HEADER_LENGTH;
        }
        if (ihl > available) {
            return FrameError.TRUNCATED_IP;
        }
        if (Checksums.ipv4Header(s, l3, ihl) != 0) {
            return FrameError.BAD_IP_CHECKSUM;
        }
        int total = Wire.u16(s, l3 + Wire.V4_TOTAL_LENGTH);
        if (total < ihl) {
            return FrameError.BAD_IP_TOTAL_LENGTH;
        }
        if (total > available) {
            return FrameError.TRUNCATED_IP;
        }
        f.ipVersion = 4;
        f.l3Offset = l3;
        f.ipHeaderLength = ihl;
        f.ipTotalLength = total;
        f.l4Offset = l3 + ihl;
        f.ttl = Wire.u8(s, l3 + Wire.V4_TTL);
        f.protocol = Wire.u8(s, l3 + Wire.V4_PROTOCOL);
        f.sourceLow = Wire.i32(s, l3 + Wire.V4_SOURCE) & 0xffffffffL;
        f.destinationLow = Wire.i32(s, l3 + Wire.V4_DESTINATION) & 0xffffffffL;
        if (ihl > Wire.IPV4_HEADER) {
            return FrameError.IP_OPTIONS;
        }
        int fragment = Wire.u16(s, l3 + Wire.V4_FRAGMENT);
        if ((fragment & (Wire.V4_MF | Wire.V4_OFFSET_MASK)) != 0) {
            return FrameError.FRAGMENT;
        }
        return transport(s, f, f.protocol);
    }

    private static FrameError ipv6(MemorySegment s, int length, Frame f) {
        int l3 = Wire.ETHERNET_HEADER;
        int available = length - l3;
        if (available < Wire.IPV6_HEADER) {
            return FrameError.TRUNCATED_IP;
        }
        if (Wire.u8(s, l3) >>> 4 != 6) {
            return FrameError.BAD_IP_VERSION;
        }
        int total = Wire.IPV6_HEADER + Wire.u16(s, l3 + Wire.V6_PAYLOAD_LENGTH);
        if (total > available) {
            return FrameError.TRUNCATED_IP;
        }
        f.ipVersion = 6;
        f.l3Offset = l3;
        f.ipHeaderLength = Wire.IPV6_HEADER;
        f.ipTotalLength = total;
        f.l4Offset = l3 + Wire.IPV6_HEADER;
        f.ttl = Wire.u8(s, l3 + Wire.V6_HOP_LIMIT);
        f.protocol = Wire.u8(s, l3 + Wire.V6_NEXT_HEADER);
        f.sourceHigh = Wire.i64(s, l3 + Wire.V6_SOURCE);
        f.sourceLow = Wire.i64(s, l3 + Wire.V6_SOURCE + 8);
        f.destinationHigh = Wire.i64(s, l3 + Wire.V6_DESTINATION);
        f.destinationLow = Wire.i64(s, l3 + Wire.V6_DESTINATION + 8);
        if (f.protocol != TCP && f.protocol != UDP && f.protocol != ICMPV6) {
            return FrameError.IPV6_EXTENSION_HEADER;
        }
        return transport(s, f, f.protocol);
    }

    private static FrameError transport(MemorySegment s, Frame f, int protocol) {
        int l4 = f.l4Offset;
        int available = f.l3Offset + f.ipTotalLength - l4;
        switch (protocol) {
            case TCP -> {
                if (available < Wire.TCP_HEADER) {
                    return FrameError.TRUNCATED_L4;
                }
                int header = (Wire.u8(s, l4 + Wire.TCP_DATA_OFFSET) >>> 4) * 4;
                if (header < Wire.TCP_HEADER || header > available) {
                    return FrameError.BAD_TCP_HEADER_LENGTH;
                }
                f.tcpFlags = Wire.u8(s, l4 + Wire.TCP_FLAGS);
                f.l4PayloadLength = available - header;
            }
            case UDP -> {
                if (available < Wire.UDP_HEADER) {
                    return FrameError.TRUNCATED_L4;
                }
                int udpLength = Wire.u16(s, l4 + Wire.UDP_LENGTH);
                if (udpLength < Wire.UDP_HEADER || udpLength > available) {
                    return FrameError.BAD_UDP_LENGTH;
                }
                f.l4PayloadLength = udpLength - Wire.UDP_HEADER;
            }
            default -> {
                return FrameError.UNSUPPORTED_PROTOCOL;
            }
        }
        f.sourcePort = Wire.u16(s, l4 + Wire.L4_SOURCE_PORT);
        f.destinationPort = Wire.u16(s, l4 + Wire.L4_DESTINATION_PORT);
        return FrameError.NONE;
    }
}
