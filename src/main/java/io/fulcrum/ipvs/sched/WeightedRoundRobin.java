package io.fulcrum.ipvs.sched;

import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.ScheduleInput;
import java.util.List;
import java.util.Optional;

/**
 * wrr (ip_vs_wrr.c): interleaved weighted round-robin. The current weight cw starts at mw = max - (gcd - 1)
 * and steps down by the gcd of the weights each time the list wraps; a destination is chosen when its weight
 * is at least cw. Weights 4,3,2 give AABABCABC.
 */
public final class WeightedRoundRobin implements Scheduler {

    private Destination cl;      // last chosen (null = list head)
    private int clIndex = -1;
    private int cw;
    private int mw;
    private int di = 1;

    public WeightedRoundRobin(List<Destination> dests) {
        di = gcdWeight(dests);
        mw = maxWeight(dests) - (di - 1);
        cw = mw;
    }

    @Override
    public String name() {
        return "wrr";
    }

    private static int gcdWeight(List<Destination> dests) {
        int g = 0;
        for (Destination d : dests) {
            int w = d.weight();
            if (w > 0) {
                g = g > 0 ? KernelMath.gcd(w, g) : w;
            }
        }
        return g > 0 ? g : 1;
    }

    private static int maxWeight(List<Destination> dests) {
        int m = 0;
        for (Destination d : dests) {
            m = Math.max(m, d.weight());
        }
        return m;
    }

    @Override
    public synchronized void destinationsChanged(List<Destination> dests) {
        cl = null;
        clIndex = -1;
        di = gcdWeight(dests);
        mw = maxWeight(dests) - (di - 1);
        if (cw > mw || cw == 0) {
            cw = mw;
        } else if (di > 1) {
            cw = (cw / di) * di + 1;
        }
    }

    @Override
    public synchronized Optional<Destination> pick(List<Destination> dests, ScheduleInput input) {
        int n = dests.size();
        if (mw <= 0 || n == 0) {
            return Optional.empty();
        }
        int i = KernelMath.indexOf(dests, cl, clIndex);
        // every cw value from mw down to 1 over the whole list once, plus the partial first pass
        long budget = (long) n * (mw / di + 2);
        for (long step = 0; step < budget; step++) {
            i++;
            if (i >= n) {
                i = -1;
                cw -= di;
                if (cw <= 0) {
                    cw = mw;
                }
                continue;
            }
            Destination d = dests.get(i);
            if (!d.overloaded() && d.weight() >= cw) {
                cl = d;
                clIndex = i;
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
