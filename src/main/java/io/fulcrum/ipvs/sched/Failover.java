package io.fulcrum.ipvs.sched;

import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.ScheduleInput;
import java.util.List;
import java.util.Optional;

/** fo (ip_vs_fo.c): the available destination with the highest weight; the first wins ties. */
public final class Failover implements Scheduler {

    @Override
    public String name() {
        return "fo";
    }

    @Override
    public Optional<Destination> pick(List<Destination> dests, ScheduleInput input) {
        Destination best = null;
        int hw = 0;
        for (int i = 0, n = dests.size(); i < n; i++) {
            Destination d = dests.get(i);
            if (!d.overloaded() && d.weight() > hw) {
                best = d;
                hw = d.weight();
            }
        }
        return Optional.ofNullable(best);
    }
}
