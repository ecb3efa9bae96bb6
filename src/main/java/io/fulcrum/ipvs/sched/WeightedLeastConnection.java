package io.fulcrum.ipvs.sched;

import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.ScheduleInput;
import java.util.List;
import java.util.Optional;

/**
 * wlc (ip_vs_wlc.c), the default: smallest overhead/weight, compared as loh*w > doh*lw; the first available
 * destination wins ties.
 */
public final class WeightedLeastConnection implements Scheduler {

    @Override
    public String name() {
        return "wlc";
    }

    @Override
    public Optional<Destination> pick(List<Destination> dests, ScheduleInput input) {
        return Optional.ofNullable(KernelMath.weightedLeast(dests));
    }
}
