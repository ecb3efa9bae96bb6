package io.fulcrum.nativeio;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Test helper: polls a {@link PacketRing} and keeps copies of the frames it hands over. */
final class RingCollector {

    record Frame(byte[] bytes, int length, int packetType) {
    }

    private final PacketRing ring;
    final List<Frame> frames = new ArrayList<>();

    RingCollector(PacketRing ring) {
        this.ring = ring;
    }

    /** Polls until {@code done} holds for the frames kept so far or {@code millis} pass. */
    RingCollector until(Predicate<List<Frame>> done, long millis) throws NativeException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!done.test(frames) && System.nanoTime() < deadline) {
            ring.poll(20, (frame, length, type) -> {
                if (length != frame.byteSize()) {
                    throw new AssertionError("length " + length + " for a segment of " + frame.byteSize());
                }
                frames.add(new Frame(Frames.copy(frame), length, type));
            });
        }
        return this;
    }

    /** Polls for {@code millis}, however many frames come. */
    RingCollector during(long millis) throws NativeException {
        return until(f -> false, millis);
    }

    /** The marker frames with {@code tag}, by sequence number. */
    List<Integer> markers(int tag) {
        List<Integer> out = new ArrayList<>();
        for (Frame f : frames) {
            int seq = Frames.markerSeq(f.bytes(), tag);
            if (seq >= 0) {
                out.add(seq);
            }
        }
        return out;
    }
}
