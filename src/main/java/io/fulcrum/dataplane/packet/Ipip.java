package io.fulcrum.dataplane.packet;

import java.lang.foreign.MemorySegment;

/**
 * IP-in-IP tunnelling for the TUN forwarding method (IPVS {@code ip_vs_tunnel_xmit}, RFC 2003): the director puts
 * a new IPv4 header in front of the client's whole IP packet and sends it to the real server, whose {@code tunl0}
 * strips it and answers the client directly. An IPv4 inner packet travels as protocol 4 (IPIP); an IPv6 one as
 * protocol 41, as IPVS does for a mixed-family tunnel.
 *
 * <p>The outer header has no options and is never fragmented: a packet that would not fit the MTU with the 20
 * extra bytes is refused, and answering it (ICMP fragmentation needed, or packet too big) is the caller's job.
 */
public final class Ipip {

    /** The bytes that encapsulation adds: the outer IPv4 header. */
    public static final int OVERHEAD = Wire.IPV4_HEADER;
    /** TTL of the outer header. */
    public static final int OUTER_TTL = 64;

    private static final int OUTER_L3 = Wire.ETHERNET_HEADER;
    private static final int INNER = OUTER_L3 + Wire.IPV4_HEADER;

    private Ipip() {
    }

    /**
     * Writes into {@code out} from offset 0 an Ethernet header ({@code dstMac}, {@code srcMac}, IPv4), an outer
     * IPv4 header (TOS copied from the inner packet, identification {@code id}, DF copied from an IPv4 inner
     * packet and set for IPv6, TTL {@link #OUTER_TTL}, protocol 4 or 41, {@code outerSource} to
     * {@code outerDestination}, checksum) and the inner IP packet of {@code f} ({@link Frame#ipTotalLength()}
     * bytes; Ethernet padding is dropped). {@code out} may be {@code f}'s own segment: the inner packet is
     * moved first.
     *
     * @return the length of the frame written, or -1 (nothing written) when {@code out} is too small or the inner
     *         packet plus {@link #OVERHEAD} exceeds {@code mtu}
     * @throws IllegalArgumentException when {@code f}'s IP header was not parsed
     */
    public static int encapsulate(Frame f, MemorySegment out, long dstMac, long srcMac, int outerSource,
            int outerDestination, int id, int mtu) {
        if (!f.error.ipParsed()) {
            throw new IllegalArgumentException("no IP packet to encapsulate: " + f.error);
        }
        int inner = f.ipTotalLength;
        if (inner + OVERHEAD > mtu || out.byteSize() < INNER + inner) {
            return -1;
        }
        MemorySegment s = f.segment;
        int l3 = f.l3Offset;
        int tos;
        int df;
        int protocol;
        if (f.ipVersion == 4) {
            tos = Wire.u8(s, l3 + 1);
            df = Wire.u16(s, l3 + Wire.V4_FRAGMENT) & Wire.V4_DF;
            protocol = FrameParser.IPIP;
        } else {
            tos = (Wire.u16(s, l3) >>> 4) & 0xff;
            df = Wire.V4_DF;
            protocol = FrameParser.IPV6_IN_IP;
        }
        MemorySegment.copy(s, l3, out, INNER, inner);
        Wire.putMac(out, 0, dstMac);
        Wire.putMac(out, 6, srcMac);
        Wire.put16(out, Wire.ETHERTYPE_OFFSET, FrameParser.ETHERTYPE_IPV4);
        Wire.put16(out, OUTER_L3, 0x4500 | tos);
        Wire.put16(out, OUTER_L3 + Wire.V4_TOTAL_LENGTH, OVERHEAD + inner);
        Wire.put16(out, OUTER_L3 + 4, id);
        Wire.put16(out, OUTER_L3 + Wire.V4_FRAGMENT, df);
        Wire.put8(out, OUTER_L3 + Wire.V4_TTL, OUTER_TTL);
        Wire.put8(out, OUTER_L3 + Wire.V4_PROTOCOL, protocol);
        Wire.put16(out, OUTER_L3 + Wire.V4_CHECKSUM, 0);
        Wire.put32(out, OUTER_L3 + Wire.V4_SOURCE, outerSource);
        Wire.put32(out, OUTER_L3 + Wire.V4_DESTINATION, outerDestination);
        Wire.put16(out, OUTER_L3 + Wire.V4_CHECKSUM, Checksums.ipv4Header(out, OUTER_L3, Wire.IPV4_HEADER));
        return INNER + inner;
    }

    /**
     * For an IPv4 packet without Ethernet header at {@code packet[0, length)}: when it is an unfragmented IPIP
     * (protocol 4) packet carrying an IPv4 packet, or a protocol 41 packet carrying an IPv6 packet, the offset of
     * the inner packet (the outer header's length, options included); else -1. Both headers are validated:
     * version, header length, total length within what there is (the inner packet within the outer one) and,
     * for IPv4, the header checksum. Bytes past the outer total length are ignored. Never throws.
     */
    public static int innerOffset(MemorySegment packet, int length) {
        int valid = (int) Math.min(Math.max(length, 0), packet.byteSize());
        int ihl = ipv4HeaderLength(packet, 0, valid);
        if (ihl < 0 || (Wire.u16(packet, Wire.V4_FRAGMENT) & (Wire.V4_MF | Wire.V4_OFFSET_MASK)) != 0) {
            return -1;
        }
        int remaining = Wire.u16(packet, Wire.V4_TOTAL_LENGTH) - ihl;
        boolean innerValid = switch (Wire.u8(packet, Wire.V4_PROTOCOL)) {
            case FrameParser.IPIP -> ipv4HeaderLength(packet, ihl, remaining) >= 0;
            case FrameParser.IPV6_IN_IP -> remaining >= Wire.IPV6_HEADER && Wire.u8(packet, ihl) >>> 4 == 6
                    && Wire.IPV6_HEADER + Wire.u16(packet, ihl + Wire.V6_PAYLOAD_LENGTH) <= remaining;
            default -> false;
        };
        return innerValid ? ihl : -1;
    }

    /** The header length of a valid IPv4 header at {@code at} whose packet lies within {@code length}, or -1. */
    private static int ipv4HeaderLength(MemorySegment s, int at, int length) {
        if (length < Wire.IPV4_HEADER) {
            return -1;
        }
        int versionIhl = Wire.u8(s, at);
        int ihl = (versionIhl & 0x0f) * 4;
        if (versionIhl >>> 4 != 4 || ihl < Wire.IPV4_HEADER || ihl > length
                || Checksums.ipv4Header(s, at, ihl) != 0) {
            return -1;
        }
        int total = Wire.u16(s, at + Wire.V4_TOTAL_LENGTH);
        return total >= ihl && total <= length ? ihl : -1;
    }
}
