package io.fulcrum.realserver;

/** Why the decapsulator dropped a packet, as its counters and log name it. */
public enum DropReason {
    OUTER_TRUNCATED("outer packet shorter than an IPv4 header"),
    OUTER_VERSION("outer header not IPv4"),
    OUTER_HEADER_LENGTH("bad outer header length"),
    OUTER_TOTAL_LENGTH("bad outer total length"),
    OUTER_CHECKSUM("bad outer header checksum"),
    OUTER_PROTOCOL("outer protocol not IPIP"),
    OUTER_FRAGMENT("outer packet is a fragment"),
    INNER_TRUNCATED("inner packet shorter than an IPv4 header"),
    INNER_VERSION("inner packet not IPv4"),
    INNER_HEADER_LENGTH("bad inner header length"),
    INNER_TOTAL_LENGTH("bad inner total length"),
    INNER_CHECKSUM("bad inner header checksum"),
    NOT_FOR_VIP("inner destination not the VIP"),
    TUN_WRITE("refused by the TUN interface");

    private final String text;

    DropReason(String text) {
        this.text = text;
    }

    /** The reason in words: {@code bad inner header checksum}. */
    public String text() {
        return text;
    }
}
