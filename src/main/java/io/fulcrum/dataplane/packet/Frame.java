package io.fulcrum.dataplane.packet;

import java.lang.foreign.MemorySegment;

/**
 * The parsed view of one Ethernet frame: where its headers are and what their fields say. Mutable and reusable,
 * one per worker thread: {@link FrameParser#parse} fills it, and it stays valid until the next parse of the same
 * instance (or until its bytes change other than through {@link Rewrites}, which keep it in step). It holds no
 * copy of the bytes, only the segment, so reading a field costs nothing and parsing allocates nothing.
 *
 * <p>Which fields are valid depends on {@link #error()}: the Ethernet fields whenever the frame had 14 bytes, the
 * IP fields when {@link FrameError#ipParsed()}, the ports, TCP flags and payload length only for
 * {@link FrameError#NONE}. Fields that are not valid read as 0.
 */
public final class Frame {

    MemorySegment segment = MemorySegment.NULL;
    int length;
    FrameError error = FrameError.TRUNCATED_ETHERNET;
    long destinationMac;
    long sourceMac;
    int etherType;
    int ipVersion;
    int l3Offset;
    int l4Offset;
    int ipHeaderLength;
    int ipTotalLength;
    int protocol;
    int ttl;
    long sourceHigh;
    long sourceLow;
    long destinationHigh;
    long destinationLow;
    int sourcePort;
    int destinationPort;
    int tcpFlags;
    int l4PayloadLength;

    /** An empty frame, to be filled by {@link FrameParser#parse}. */
    public Frame() {
    }

    void reset(MemorySegment frame, int validLength) {
        segment = frame;
        length = validLength;
        error = FrameError.TRUNCATED_ETHERNET;
        destinationMac = 0;
        sourceMac = 0;
        etherType = 0;
        ipVersion = 0;
        l3Offset = 0;
        l4Offset = 0;
        ipHeaderLength = 0;
        ipTotalLength = 0;
        protocol = 0;
        ttl = 0;
        sourceHigh = 0;
        sourceLow = 0;
        destinationHigh = 0;
        destinationLow = 0;
        sourcePort = 0;
        destinationPort = 0;
        tcpFlags = 0;
        l4PayloadLength = 0;
    }

    /** The segment given to the last parse; the frame's bytes start at its offset 0. */
    public MemorySegment segment() {
        return segment;
    }

    /** The valid bytes: the length given to the last parse, cut to [0, segment size]. */
    public int length() {
        return length;
    }

    /** The result of the last parse. */
    public FrameError error() {
        return error;
    }

    /** The destination MAC address, 48 bits in the low bits. */
    public long destinationMac() {
        return destinationMac;
    }

    /** The source MAC address, 48 bits in the low bits. */
    public long sourceMac() {
        return sourceMac;
    }

    /** The EtherType: 0x0800 IPv4, 0x86DD IPv6, 0x0806 ARP, 0x8100 an 802.1Q tag, ... */
    public int etherType() {
        return etherType;
    }

    /** 4 or 6; 0 when the IP header was not parsed. */
    public int ipVersion() {
        return ipVersion;
    }

    /** Offset of the IP header in the frame (14). */
    public int l3Offset() {
        return l3Offset;
    }

    /** Offset of the transport header: the IP header's offset plus its length. */
    public int l4Offset() {
        return l4Offset;
    }

    /** Length of the IP header: IHL * 4 for IPv4, 40 for IPv6. */
    public int ipHeaderLength() {
        return ipHeaderLength;
    }

    /** Length of the IP packet, header included (IPv6: 40 + payload length); bytes past it are padding. */
    public int ipTotalLength() {
        return ipTotalLength;
    }

    /** The IPv4 protocol or IPv6 next header: 6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, 4 IPIP, ... */
    public int protocol() {
        return protocol;
    }

    /** The IPv4 TTL or the IPv6 hop limit. */
    public int ttl() {
        return ttl;
    }

    /** High 64 bits of an IPv6 source address; 0 for IPv4. */
    public long sourceHigh() {
        return sourceHigh;
    }

    /** Low 64 bits of an IPv6 source address; for IPv4 the address, unsigned. */
    public long sourceLow() {
        return sourceLow;
    }

    /** High 64 bits of an IPv6 destination address; 0 for IPv4. */
    public long destinationHigh() {
        return destinationHigh;
    }

    /** Low 64 bits of an IPv6 destination address; for IPv4 the address, unsigned. */
    public long destinationLow() {
        return destinationLow;
    }

    /** The IPv4 source address as an int whose value is read in network order (10.0.0.1 is 0x0a000001). */
    public int ipv4Source() {
        return ipVersion == 4 ? (int) sourceLow : 0;
    }

    /** The IPv4 destination address as an int whose value is read in network order. */
    public int ipv4Destination() {
        return ipVersion == 4 ? (int) destinationLow : 0;
    }

    /** The TCP or UDP source port; 0 otherwise. */
    public int sourcePort() {
        return sourcePort;
    }

    /** The TCP or UDP destination port; 0 otherwise. */
    public int destinationPort() {
        return destinationPort;
    }

    /** The TCP flags byte (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, ECE 0x40, CWR 0x80). */
    public int tcpFlags() {
        return tcpFlags;
    }

    /** Bytes after the TCP header (to the IP packet's end) or after the UDP header (to the UDP length). */
    public int l4PayloadLength() {
        return l4PayloadLength;
    }

    /** Whether this is a TCP frame that parsed ({@link FrameError#NONE}). */
    public boolean isTcp() {
        return error == FrameError.NONE && protocol == FrameParser.TCP;
    }

    /** Whether this is a UDP frame that parsed ({@link FrameError#NONE}). */
    public boolean isUdp() {
        return error == FrameError.NONE && protocol == FrameParser.UDP;
    }

    @Override
    public String toString() {
        return FrameFormat.format(this);
    }
}
