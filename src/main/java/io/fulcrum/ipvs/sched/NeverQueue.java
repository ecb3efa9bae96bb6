package io.fulcrum.ipvs.sched;

import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.ScheduleInput;
import java.util.List;
import java.util.Optional;

/** nq (ip_vs_nq.c): the first idle (no active connections) destination at once, else sed. */
public final class NeverQueue implements Scheduler {

    @Override
    public String name() {
        return "nq";
    }

    @Override
    public Optional<Destination> pick(List<Destination> dests, ScheduleInput input) {
        Destination least = null;
        long loh = 0;
        for (int i = 0, n = dests.size(); i < n; i++) {
            Destination d = dests.get(i);
            if (d.overloaded() || d.weight() == 0) {
                continue;
            }
            long doh = d.activeConns() + 1L;
            if (d.activeConns() == 0) {
                return Optional.of(d);
            }
            if (least == null || loh * d.weight() > doh * least.weight()) {
                least = d;
                loh = doh;
            }
        }
        return Optional.ofNullable(least);
    }
}
