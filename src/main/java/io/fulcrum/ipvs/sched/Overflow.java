package io.fulcrum.ipvs.sched;

import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.ScheduleInput;
import java.util.List;
import java.util.Optional;

/**
 * ovf (ip_vs_ovf.c): the highest-weight destination whose active connections do not exceed its weight;
 * overflows to the next when it is full. The first wins ties.
 */
public final class Overflow implements Scheduler {

    @Override
    public String name() {
        return "ovf";
    }

    @Override
    public Optional<Destination> pick(List<Destination> dests, ScheduleInput input) {
        Destination h = null;
        for (int i = 0, n = dests.size(); i < n; i++) {
            Destination d = dests.get(i);
            int w = d.weight();
            if (d.overloaded() || d.activeConns() > w || w == 0) {
                continue;
            }
            if (h == null || w > h.weight()) {
                h = d;
            }
        }
        return Optional.ofNullable(h);
    }
}
