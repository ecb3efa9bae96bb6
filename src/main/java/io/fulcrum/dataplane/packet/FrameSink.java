package io.fulcrum.dataplane.packet;

import java.lang.foreign.MemorySegment;

/** Where the engine's worker queues the frames it forwards: one per interface (a batched TX ring; a recording fake in tests). */
public interface FrameSink {

    /** Queues {@code frame[0, length)} for transmission on {@code ifindex}; false when that queue is full. */
    boolean queue(int ifindex, MemorySegment frame, int length);

    /** The largest frame {@code ifindex}'s queue takes (a larger one is dropped, never queued). */
    default int maxFrame(int ifindex) {
        return Integer.MAX_VALUE;
    }
}
