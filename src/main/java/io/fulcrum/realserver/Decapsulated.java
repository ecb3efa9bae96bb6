package io.fulcrum.realserver;

/** What {@link IpipDecoder} made of one received IPIP packet: the inner packet to deliver, or a drop. */
public sealed interface Decapsulated {

    /** The inner IPv4 packet: {@code length} bytes (its total length) from {@code offset} of the received buffer. */
    record Inner(int offset, int length) implements Decapsulated {
    }

    /** Not delivered, and why. */
    record Dropped(DropReason reason) implements Decapsulated {
    }
}
