package io.fulcrum.ipvs.sched;

import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.ScheduleInput;
import java.util.List;
import java.util.Optional;

/**
 * rr (ip_vs_rr.c): continue after the last chosen destination, wrapping once, skipping quiesced and overloaded
 * ones. When the last chosen destination is removed the position moves to its predecessor.
 */
public final class RoundRobin implements Scheduler {

    private Destination last;
    private int lastIndex = -1;

    @Override
    public String name() {
        return "rr";
    }

    @Override
    public synchronized Optional<Destination> pick(List<Destination> dests, ScheduleInput input) {
        int n = dests.size();
        int start = KernelMath.indexOf(dests, last, lastIndex);
        for (int step = 1; step <= n; step++) {
            int i = Math.floorMod(start + step, n);
            if (start < 0) {
                i = step - 1;
            }
            Destination d = dests.get(i);
            if (d.schedulable()) {
                last = d;
                lastIndex = i;
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void destinationsChanged(List<Destination> dests) {
        if (last == null) {
            return;
        }
        int i = KernelMath.indexOf(dests, last, lastIndex);
        if (i >= 0) {
            lastIndex = i;
            return;
        }
        // removed: the kernel moves to the previous list entry (the head when it was first)
        int prev = lastIndex - 1;
        if (prev >= 0 && prev < dests.size()) {
            last = dests.get(prev);
            lastIndex = prev;
        } else {
            last = null;
            lastIndex = -1;
        }
    }
}
