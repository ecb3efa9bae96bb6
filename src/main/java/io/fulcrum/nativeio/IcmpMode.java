package io.fulcrum.nativeio;

/** The kind of socket an {@link IcmpSocket} uses. */
public enum IcmpMode {
    /**
     * An unprivileged ping socket, {@code socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP)} (or ICMPv6): allowed when the
     * process's group is in {@code net.ipv4.ping_group_range}; the kernel picks the echo id and filters replies.
     */
    PING,
    /** A raw socket, {@code SOCK_RAW}: needs CAP_NET_RAW; sees every ICMP message, so replies are matched here. */
    RAW
}
