package io.fulcrum.ipvs.sched;

import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.ScheduleInput;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * twos (ip_vs_twos.c): draw two destinations with probability proportional to weight, keep the one with the
 * lower overhead/weight (the first draw wins ties). The random source is injected (seedable in tests).
 */
public final class TwoChoices implements Scheduler {

    private final RandomGenerator random;

    public TwoChoices(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public String name() {
        return "twos";
    }

    @Override
    public Optional<Destination> pick(List<Destination> dests, ScheduleInput input) {
        long total = 0;
        int n = dests.size();
        for (int i = 0; i < n; i++) {
            Destination d = dests.get(i);
            if (d.schedulable()) {
                total += d.weight();
            }
        }
        if (total == 0) {
            return Optional.empty();
        }
        long r1;
        long r2;
        synchronized (random) {
            r1 = random.nextLong(total);
            r2 = random.nextLong(total);
        }
        Destination c1 = null;
        Destination c2 = null;
        for (int i = 0; i < n && (c1 == null || c2 == null); i++) {
            Destination d = dests.get(i);
            if (!d.schedulable()) {
                continue;
            }
            int w = d.weight();
            r1 -= w;
            r2 -= w;
            if (r1 < 0 && c1 == null) {
                c1 = d;
            }
            if (r2 < 0 && c2 == null) {
                c2 = d;
            }
        }
        if (c1 == null || c2 == null) { // weights changed under us
            return Optional.ofNullable(c1 != null ? c1 : c2);
        }
        long o1 = c1.overhead();
        long o2 = c2.overhead();
        return Optional.of(o2 * c1.weight() < o1 * c2.weight() ? c2 : c1);
    }
}
