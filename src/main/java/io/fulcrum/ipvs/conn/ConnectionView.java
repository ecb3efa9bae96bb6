package io.fulcrum.ipvs.conn;

import io.fulcrum.common.IpAddress;

/**
 * One entry as {@code /proc/net/ip_vs_conn} and {@code ipvsadm -lnc} show it: {@code protocol} is the kernel's
 * name (TCP, UDP, SCTP, or IP for fwmark templates), {@code state} the state's name (ESTABLISHED, SYN_RECV, ...,
 * UDP for UDP entries, NONE for templates), {@code expireSeconds} the whole seconds left until expiry.
 */
public record ConnectionView(String protocol, long expireSeconds, String state, IpAddress clientAddress,
                             int clientPort, IpAddress virtualAddress, int virtualPort, IpAddress destAddress,
                             int destPort, boolean template) {
}
