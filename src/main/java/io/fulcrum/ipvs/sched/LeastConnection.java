package io.fulcrum.ipvs.sched;

import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.ScheduleInput;
import java.util.List;
import java.util.Optional;

/** lc (ip_vs_lc.c): smallest overhead (active*256 + inactive); weight only as on/off; first wins ties. */
public final class LeastConnection implements Scheduler {

    @Override
    public String name() {
        return "lc";
    }

    @Override
    public Optional<Destination> pick(List<Destination> dests, ScheduleInput input) {
        Destination least = null;
        int loh = 0;
        for (int i = 0, n = dests.size(); i < n; i++) {
            Destination d = dests.get(i);
            if (d.overloaded() || d.weight() == 0) {
                continue;
            }
            int doh = d.overhead();
            if (least == null || doh < loh) {
                least = d;
                loh = doh;
            }
        }
        return Optional.ofNullable(least);
    }
}
