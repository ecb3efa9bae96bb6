package io.fulcrum.dataplane.packet;

/**
 * The outcome of {@link FrameParser#parse}: {@link #NONE} for an IPv4 or IPv6 TCP or UDP frame the engine may
 * rewrite, else why not. Each value has a one-line description for logs and counters. For the values whose
 * {@link #ipParsed()} is true the frame's IP header was read and checked: the {@link Frame}'s Ethernet and IP
 * fields (version, offsets, lengths, protocol, TTL, addresses) are valid, which lets the engine count or log the
 * frame by address and hand it to the kernel; its ports and TCP flags are 0 unless the error is {@link #NONE}.
 */
public enum FrameError {
    NONE("TCP or UDP over IPv4 or IPv6, parsed", true),
    TRUNCATED_ETHERNET("frame shorter than the 14-byte Ethernet header", false),
    NOT_IP("EtherType is neither IPv4 nor IPv6 (ARP, an 802.1Q VLAN tag, ...)", false),
    TRUNCATED_IP("IP header or IP total length runs past the end of the frame", false),
    BAD_IP_VERSION("IP version does not match the EtherType", false),
    BAD_IP_HEADER_LENGTH("IPv4 header length (IHL) below 5 words", false),
    BAD_IP_TOTAL_LENGTH("IPv4 total length smaller than the header", false),
    BAD_IP_CHECKSUM("IPv4 header checksum is wrong", false),
    IP_OPTIONS("IPv4 header carries options (IHL above 5): not rewritten by the engine", true),
    FRAGMENT("IPv4 fragment (more-fragments flag or a fragment offset): not forwarded by the engine", true),
    IPV6_EXTENSION_HEADER("IPv6 next header is an extension header or another protocol than TCP, UDP or ICMPv6",
            true),
    TRUNCATED_L4("TCP or UDP header runs past the end of the IP packet", true),
    BAD_TCP_HEADER_LENGTH("TCP data offset below 5 words or past the end of the IP packet", true),
    BAD_UDP_LENGTH("UDP length below 8 or past the end of the IP packet", true),
    UNSUPPORTED_PROTOCOL("IP protocol other than TCP or UDP (ICMP, ICMPv6, IPIP, ...): parsed to the IP layer", true);

    private final String description;
    private final boolean ipParsed;

    FrameError(String description, boolean ipParsed) {
        this.description = description;
        this.ipParsed = ipParsed;
    }

    /** One line saying what the value means, for logs and counter help. */
    public String description() {
        return description;
    }

    /** Whether the IP header was parsed and checked, so that the frame's IP fields are valid. */
    public boolean ipParsed() {
        return ipParsed;
    }
}
