package io.fulcrum.dataplane.packet;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The engine's counters, shared by its workers: frames forwarded, drops by reason, frame errors by kind. */
public final class PacketCounters {

    private final LongAdder received = new LongAdder();
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder segments = new LongAdder();
    private final LongAdder[] drops = new LongAdder[PacketDrop.values().length];
    private final LongAdder[] errors = new LongAdder[FrameError.values().length];

    public PacketCounters() {
        for (int i = 0; i < drops.length; i++) {
            drops[i] = new LongAdder();
        }
        for (int i = 0; i < errors.length; i++) {
            errors[i] = new LongAdder();
        }
    }

    void received() {
        received.increment();
    }

    void forwarded() {
        forwarded.increment();
    }

    /** A super-frame went out as {@code n} segments. */
    void segmented(int n) {
        segments.add(n);
    }

    /** Segments sent for super-frames cut in software (each super-frame counts once in forwarded). */
    public long segmentCount() {
        return segments.sum();
    }

    void drop(PacketDrop reason) {
        drops[reason.ordinal()].increment();
    }

    /** {@code n} more frames dropped for {@code reason}, e.g. by the kernel at the receive ring (not received). */
    void drops(PacketDrop reason, long n) {
        drops[reason.ordinal()].add(n);
    }

    void malformed(FrameError error) {
        errors[error.ordinal()].increment();
        drops[PacketDrop.MALFORMED.ordinal()].increment();
    }

    public long receivedCount() {
        return received.sum();
    }

    public long forwardedCount() {
        return forwarded.sum();
    }

    public long drops(PacketDrop reason) {
        return drops[reason.ordinal()].sum();
    }

    public long errors(FrameError error) {
        return errors[error.ordinal()].sum();
    }

    /** The drop reasons seen so far, with their counts. */
    public Map<PacketDrop, Long> dropCounts() {
        Map<PacketDrop, Long> m = new EnumMap<>(PacketDrop.class);
        for (PacketDrop d : PacketDrop.values()) {
            long n = drops(d);
            if (n > 0) {
                m.put(d, n);
            }
        }
        return m;
    }

    /** The frame errors seen so far, with their counts. */
    public Map<FrameError, Long> errorCounts() {
        Map<FrameError, Long> m = new EnumMap<>(FrameError.class);
        for (FrameError e : FrameError.values()) {
            long n = errors(e);
            if (n > 0) {
                m.put(e, n);
            }
        }
        return m;
    }
}
