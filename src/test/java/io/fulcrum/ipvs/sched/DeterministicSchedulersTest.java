package io.fulcrum.ipvs.sched;

import static io.fulcrum.ipvs.sched.Dests.client;
import static io.fulcrum.ipvs.sched.Dests.conns;
import static io.fulcrum.ipvs.sched.Dests.letters;
import static io.fulcrum.ipvs.sched.Dests.weights;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.DestinationSettings;
import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.SchedFlags;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeterministicSchedulersTest {

    private static List<Destination> run(Scheduler s, List<Destination> ds, int n) {
        List<Destination> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(s.pick(ds, client(i, 1000)).orElseThrow());
        }
        return out;
    }

    @Test
    void rrCyclesAndSkipsQuiescedAndOverloaded() {
        List<Destination> ds = weights(1, 0, 1, 1);
        RoundRobin rr = new RoundRobin();
        assertThat(letters(ds, run(rr, ds, 6))).isEqualTo("ACDACD");
        assertThat(rr.pick(weights(0, 0), client(1, 1))).isEmpty();
    }

    @Test
    void rrMovesToPredecessorWhenLastIsRemoved() {
        List<Destination> ds = weights(1, 1, 1, 1);
        RoundRobin rr = new RoundRobin();
        assertThat(letters(ds, run(rr, ds, 3))).isEqualTo("ABC"); // last = C
        List<Destination> without = List.of(ds.get(0), ds.get(1), ds.get(3));
        rr.destinationsChanged(without);
        assertThat(rr.pick(without, client(1, 1))).contains(ds.get(3)); // continue after B
    }

    @Test
    void wrrInterleavesByWeight() {
        List<Destination> ds = weights(4, 3, 2);
        WeightedRoundRobin wrr = new WeightedRoundRobin(ds);
        assertThat(letters(ds, run(wrr, ds, 18))).isEqualTo("AABABCABC" + "AABABCABC");
    }

    @Test
    void wrrStepsByGcd() {
        List<Destination> ds = weights(8, 6, 4);
        WeightedRoundRobin wrr = new WeightedRoundRobin(ds);
        // gcd 2: mw = 8 - 1 = 7, cw 7,5,3,1 -> A, AB, ABC, ABC
        assertThat(letters(ds, run(wrr, ds, 9))).isEqualTo("AABABCABC");
        List<Destination> equal = weights(5, 5);
        WeightedRoundRobin w2 = new WeightedRoundRobin(equal);
        assertThat(letters(equal, run(w2, equal, 4))).isEqualTo("ABAB");
    }

    @Test
    void wrrWithNothingAvailableIsEmpty() {
        List<Destination> ds = weights(0, 0);
        assertThat(new WeightedRoundRobin(ds).pick(ds, client(1, 1))).isEmpty();
    }

    @Test
    void foPicksHighestWeightFirstOnTies() {
        List<Destination> ds = weights(2, 5, 5, 1);
        Failover fo = new Failover();
        assertThat(fo.pick(ds, client(1, 1))).contains(ds.get(1));
        assertThat(fo.pick(weights(0, 0), client(1, 1))).isEmpty();
    }

    @Test
    void ovfFillsHighestWeightThenOverflows() {
        List<Destination> ds = weights(1, 3, 2);
        Overflow ovf = new Overflow();
        assertThat(ovf.pick(ds, client(1, 1))).contains(ds.get(1));
        conns(ds.get(1), 3, 0); // active == weight: still allowed (kernel skips only active > weight)
        assertThat(ovf.pick(ds, client(1, 1))).contains(ds.get(1));
        conns(ds.get(1), 1, 0);
        assertThat(ovf.pick(ds, client(1, 1))).contains(ds.get(2));
        conns(ds.get(2), 3, 0);
        assertThat(ovf.pick(ds, client(1, 1))).contains(ds.get(0));
        conns(ds.get(0), 2, 0);
        assertThat(ovf.pick(ds, client(1, 1))).isEmpty();
    }

    @Test
    void lcUsesOverheadAndFirstWinsTies() {
        List<Destination> ds = weights(1, 5, 1);
        conns(ds.get(0), 1, 0);   // 256
        conns(ds.get(1), 0, 300); // 300
        conns(ds.get(2), 0, 256); // 256
        assertThat(new LeastConnection().pick(ds, client(1, 1))).contains(ds.get(0));
        conns(ds.get(0), 0, 1);
        assertThat(new LeastConnection().pick(ds, client(1, 1))).contains(ds.get(2));
    }

    @Test
    void wlcComparesOverheadPerWeight() {
        List<Destination> ds = weights(1, 3, 0);
        conns(ds.get(0), 1, 0);   // 256 / 1
        conns(ds.get(1), 3, 0);   // 768 / 3 = 256: tie -> first
        assertThat(new WeightedLeastConnection().pick(ds, client(1, 1))).contains(ds.get(0));
        conns(ds.get(0), 0, 1);   // 257 / 1
        assertThat(new WeightedLeastConnection().pick(ds, client(1, 1))).contains(ds.get(1));
        assertThat(new WeightedLeastConnection().pick(weights(0, 0), client(1, 1))).isEmpty();
    }

    @Test
    void sedAndNq() {
        List<Destination> ds = weights(1, 2);
        conns(ds.get(0), 0, 50);
        conns(ds.get(1), 1, 0);
        // sed: (0+1)/1 = 1 vs (1+1)/2 = 1: tie -> first
        assertThat(new ShortestExpectedDelay().pick(ds, client(1, 1))).contains(ds.get(0));
        conns(ds.get(0), 1, 0);
        assertThat(new ShortestExpectedDelay().pick(ds, client(1, 1))).contains(ds.get(1));
        // nq: an idle server wins at once even if it comes later
        List<Destination> q = weights(10, 1);
        conns(q.get(0), 1, 0);
        assertThat(new NeverQueue().pick(q, client(1, 1))).contains(q.get(1));
        conns(q.get(1), 1, 0);
        assertThat(new NeverQueue().pick(q, client(1, 1))).contains(q.get(0));
    }

    @Test
    void overloadedDestinationsAreSkipped() {
        List<Destination> ds = new ArrayList<>(weights(1, 1));
        Destination limited = new Destination(ds.get(0).address(), 81,
                new DestinationSettings(ForwardingMethod.MASQ, 5, 2, 0));
        ds.set(0, limited);
        conns(limited, 0, 2);
        assertThat(limited.overloaded()).isTrue();
        for (Scheduler s : List.of(new RoundRobin(), new LeastConnection(), new WeightedLeastConnection(),
                new Failover(), new Overflow(), new ShortestExpectedDelay(), new NeverQueue())) {
            assertThat(s.pick(ds, client(1, 1))).as(s.name()).contains(ds.get(1));
        }
    }

    @Test
    void twosIsSeedable() {
        List<Destination> ds = weights(1, 2, 3);
        List<Destination> a = run(new TwoChoices(new SplittableRandom(42)), ds, 50);
        List<Destination> b = run(new TwoChoices(new SplittableRandom(42)), ds, 50);
        assertThat(a).isEqualTo(b);
    }

    @Test
    void factoryKnowsEveryNameAndRejectsOthers() {
        SchedulerFactory f = new SchedulerFactory(() -> 0L, () -> new SplittableRandom(1));
        for (String n : SchedulerFactory.NAMES) {
            assertThat(f.create(n, SchedFlags.NONE).name()).isEqualTo(n);
        }
        assertThatThrownBy(() -> f.create("wrrr", SchedFlags.NONE))
                .hasMessageContaining("unknown scheduler 'wrrr'").hasMessageContaining("wlc");
        assertThatThrownBy(() -> new SchedulerFactory(() -> 0L, () -> new SplittableRandom(1), 4096, 1))
                .hasMessageContaining("prime");
    }
}
