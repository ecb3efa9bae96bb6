package io.fulcrum.dataplane.packet;

import java.lang.foreign.MemorySegment;

/**
 * The in-place rewrites of the forwarding methods, each a few stores and an incremental checksum update (RFC
 * 1624), with no allocation:
 * <ul>
 * <li>DR (IPVS {@code ip_vs_dr_xmit}): {@link #setMacs} to the real server's MAC and the director's own.</li>
 * <li>NAT (IPVS {@code ip_vs_nat_xmit} / {@code tcp_dnat_handler} and the reply path {@code tcp_snat_handler}):
 *     {@link #natDestinationV4} for client to VIP, {@link #natSourceV4} for real server to client, and the IPv6
 *     forms. The IPv4 header checksum and the TCP or UDP checksum are updated for the changed address and port.
 *     A UDP checksum of 0 means "none" and stays 0, as IPVS leaves it (over IPv6, where 0 is not allowed, IPVS
 *     forwards it unchanged too); an updated UDP checksum that comes out 0 is sent as 0xFFFF (RFC 768).</li>
 * <li>Every forwarded packet: {@link #decrementTtl}, as IPVS's {@code decrement_ttl} does before transmitting.</li>
 * </ul>
 * A checksum that was right stays right; one that was wrong (or partial, from a local sender's offload) stays
 * wrong by the same amount. The NAT and TTL rewrites update the {@link Frame} too, so it still describes the
 * bytes. They need a frame whose last parse returned {@link FrameError#NONE} for the family they are for (TTL:
 * whose IP header was parsed), and throw {@link IllegalArgumentException} for any other frame, or for a port
 * outside 0..65535: a caller's mistake, not a property of the packet.
 */
public final class Rewrites {

    private Rewrites() {
    }

    /**
     * Writes the destination and source MAC addresses (48 bits in the low bits of each long) to bytes 0..11.
     * It takes the segment, not a {@link Frame}: a frame parsed before keeps the old MACs in its fields.
     *
     * @throws IndexOutOfBoundsException when the segment is shorter than 12 bytes
     */
    public static void setMacs(MemorySegment frame, long destinationMac, long sourceMac) {
        Wire.putMac(frame, 0, destinationMac);
        Wire.putMac(frame, 6, sourceMac);
    }

    /** NAT inbound: the destination address and port become the real server's {@code newAddress:newPort}. */
    public static void natDestinationV4(Frame f, int newAddress, int newPort) {
        requireTransport(f, 4, newPort);
        natV4(f, Wire.V4_DESTINATION, Wire.L4_DESTINATION_PORT, (int) f.destinationLow, newAddress,
                f.destinationPort, newPort);
        f.destinationLow = newAddress & 0xffffffffL;
        f.destinationPort = newPort;
    }

    /** NAT outbound (a real server's reply): the source address and port become the VIP and virtual port. */
    public static void natSourceV4(Frame f, int newAddress, int newPort) {
        requireTransport(f, 4, newPort);
        natV4(f, Wire.V4_SOURCE, Wire.L4_SOURCE_PORT, (int) f.sourceLow, newAddress, f.sourcePort, newPort);
        f.sourceLow = newAddress & 0xffffffffL;
        f.sourcePort = newPort;
    }

    /** IPv6 NAT inbound: the destination address ({@code high}, {@code low}) and port; no IP header checksum. */
    public static void natDestinationV6(Frame f, long high, long low, int newPort) {
        requireTransport(f, 6, newPort);
        natV6(f, Wire.V6_DESTINATION, Wire.L4_DESTINATION_PORT, f.destinationHigh, f.destinationLow, high, low,
                f.destinationPort, newPort);
        f.destinationHigh = high;
        f.destinationLow = low;
        f.destinationPort = newPort;
    }

    /** IPv6 NAT outbound: the source address ({@code high}, {@code low}) and port. */
    public static void natSourceV6(Frame f, long high, long low, int newPort) {
        requireTransport(f, 6, newPort);
        natV6(f, Wire.V6_SOURCE, Wire.L4_SOURCE_PORT, f.sourceHigh, f.sourceLow, high, low, f.sourcePort,
                newPort);
        f.sourceHigh = high;
        f.sourceLow = low;
        f.sourcePort = newPort;
    }

    /**
     * Decrements the IPv4 TTL (updating the header checksum) or the IPv6 hop limit. Returns false, changing
     * nothing, when it is 1 or 0 (the packet would expire: the kernel answers ICMP time exceeded, not this).
     */
    public static boolean decrementTtl(Frame f) {
        if (!f.error.ipParsed()) {
            throw new IllegalArgumentException("no IP header to decrement the TTL of: " + f.error);
        }
        if (f.ttl <= 1) {
            return false;
        }
        MemorySegment s = f.segment;
        int l3 = f.l3Offset;
        if (f.ipVersion == 4) {
            int oldWord = Wire.u16(s, l3 + Wire.V4_TTL);
            int newWord = oldWord - 0x100;
            Wire.put16(s, l3 + Wire.V4_TTL, newWord);
            int checksum = Wire.u16(s, l3 + Wire.V4_CHECKSUM);
            Wire.put16(s, l3 + Wire.V4_CHECKSUM, Checksums.update16(checksum, oldWord, newWord));
        } else {
            Wire.put8(s, l3 + Wire.V6_HOP_LIMIT, f.ttl - 1);
        }
        f.ttl--;
        return true;
    }

    private static void natV4(Frame f, int addressField, int portField, int oldAddress, int newAddress,
            int oldPort, int newPort) {
        MemorySegment s = f.segment;
        int l3 = f.l3Offset;
        Wire.put32(s, l3 + addressField, newAddress);
        int ipChecksum = Wire.u16(s, l3 + Wire.V4_CHECKSUM);
        Wire.put16(s, l3 + Wire.V4_CHECKSUM, Checksums.update32(ipChecksum, oldAddress, newAddress));
        Wire.put16(s, f.l4Offset + portField, newPort);
        long at = l4ChecksumOffset(f);
        int checksum = Wire.u16(s, at);
        if (f.protocol == FrameParser.UDP && checksum == 0) {
            return;
        }
        checksum = Checksums.update16(Checksums.update32(checksum, oldAddress, newAddress), oldPort, newPort);
        Wire.put16(s, at, udpZero(f, checksum));
    }

    private static void natV6(Frame f, int addressField, int portField, long oldHigh, long oldLow, long newHigh,
            long newLow, int oldPort, int newPort) {
        MemorySegment s = f.segment;
        int address = f.l3Offset + addressField;
        Wire.put64(s, address, newHigh);
        Wire.put64(s, address + 8, newLow);
        Wire.put16(s, f.l4Offset + portField, newPort);
        long at = l4ChecksumOffset(f);
        int checksum = Wire.u16(s, at);
        if (f.protocol == FrameParser.UDP && checksum == 0) {
            return;
        }
        checksum = Checksums.update64(checksum, oldHigh, newHigh);
        checksum = Checksums.update64(checksum, oldLow, newLow);
        checksum = Checksums.update16(checksum, oldPort, newPort);
        Wire.put16(s, at, udpZero(f, checksum));
    }

    private static long l4ChecksumOffset(Frame f) {
        return f.l4Offset + (f.protocol == FrameParser.TCP ? Wire.TCP_CHECKSUM : Wire.UDP_CHECKSUM);
    }

    /** A computed UDP checksum of 0 goes on the wire as 0xFFFF, since 0 would mean "no checksum". */
    private static int udpZero(Frame f, int checksum) {
        return checksum == 0 && f.protocol == FrameParser.UDP ? 0xffff : checksum;
    }

    private static void requireTransport(Frame f, int version, int port) {
        if (f.error != FrameError.NONE || f.ipVersion != version) {
            throw new IllegalArgumentException("NAT needs a parsed IPv" + version + " TCP or UDP frame, not IPv"
                    + f.ipVersion + " " + f.error);
        }
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port " + port + " outside 0..65535");
        }
    }
}
