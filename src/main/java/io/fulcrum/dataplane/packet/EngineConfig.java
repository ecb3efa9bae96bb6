package io.fulcrum.dataplane.packet;

import java.util.List;
import java.util.Objects;

/**
 * What the packet engine runs on: the interfaces it serves (virtual addresses arrive there, real servers are
 * reached there), how many workers read each interface (PACKET_FANOUT by flow hash spreads them, so a flow
 * always meets the same worker), and how their receive rings hand frames over ({@link ReceiveRing}).
 */
public record EngineConfig(List<LinkInfo> links, int workers, ReceiveRing receiveRing) {

    /** How a worker's AF_PACKET receive ring hands frames to it. */
    public enum ReceiveRing {
        /**
         * TPACKET_V2, a frame at a time: each frame is handed over as soon as the kernel wrote it, so nothing
         * waits under light load; a sleeping worker is woken per frame (the default).
         */
        PER_FRAME,
        /**
         * TPACKET_V3, a block at a time: blocks are handed over when full or 1 ms after their first frame, so
         * under light load each frame waits up to 1 ms, for fewer wake-ups.
         */
        BLOCK
    }

    /** The default, per-frame receive ring. */
    public EngineConfig(List<LinkInfo> links, int workers) {
        this(links, workers, ReceiveRing.PER_FRAME);
    }

    public EngineConfig {
        links = List.copyOf(links);
        if (links.isEmpty()) {
            throw new IllegalArgumentException("the packet engine needs at least one interface");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1: " + workers);
        }
        Objects.requireNonNull(receiveRing, "receiveRing");
    }
}
