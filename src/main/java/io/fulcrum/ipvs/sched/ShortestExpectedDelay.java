package io.fulcrum.ipvs.sched;

import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.ScheduleInput;
import java.util.List;
import java.util.Optional;

/** sed (ip_vs_sed.c): smallest (active+1)/weight; first available wins ties. */
public final class ShortestExpectedDelay implements Scheduler {

    @Override
    public String name() {
        return "sed";
    }

    @Override
    public Optional<Destination> pick(List<Destination> dests, ScheduleInput input) {
        Destination least = null;
        long loh = 0;
        for (int i = 0, n = dests.size(); i < n; i++) {
            Destination d = dests.get(i);
            if (d.overloaded()) {
                continue;
            }
            if (least == null) {
                if (d.weight() > 0) {
                    least = d;
                    loh = d.activeConns() + 1L;
                }
                continue;
            }
            long doh = d.activeConns() + 1L;
            if (loh * d.weight() > doh * least.weight()) {
                least = d;
                loh = doh;
            }
        }
        return Optional.ofNullable(least);
    }
}
