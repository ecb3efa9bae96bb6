package io.fulcrum.dataplane.packet;

/** Why the engine did not forward a frame it received; each is counted (status, metrics). */
public enum PacketDrop {
    MALFORMED("malformed or unsupported frame (see the frame errors)"),
    NOT_FOR_US("not addressed to this host's MAC"),
    NOT_SERVED("no served virtual service or NAT connection"),
    VIP_NOT_ACTIVE("the virtual address is not on this director (not the VRRP master)"),
    NO_CONNECTION("TCP packet other than SYN without a connection (IPVS drops it without sloppy_tcp)"),
    NO_DESTINATION("no available real server (the kernel answers ICMP port unreachable)"),
    DESTINATION_UNAVAILABLE("the connection's real server was removed from the table"),
    NO_NEIGHBOUR("the real server's MAC is not known yet (being resolved)"),
    UNSUPPORTED_METHOD("the destination's forwarding method is not the packet engine's (Local, FullNat)"),
    TTL_EXCEEDED("TTL or hop limit would reach 0"),
    TOO_BIG("frame larger than the interface takes (an encapsulated packet above the MTU, a GRO/GSO super-frame)"
            + " or than the receive ring holds"),
    TX_FULL("transmit ring full"),
    RING_FULL("dropped by the kernel before the engine saw it: a worker's receive ring was full");

    private final String description;

    PacketDrop(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
