package io.fulcrum.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Data-plane threads update the connection counters of destinations (bind, activate, deactivate, unbind, persistence
 * templates) and the traffic counters of the service and its destinations, while the owner thread lists, zeroes
 * and ticks the table. The work runs in rounds; between two rounds every worker stops (quiescence) holding a few
 * connections open, and the owner checks that nothing was lost: the counters equal what the workers hold, the
 * OVERLOAD flag agrees with them and with the thresholds, and the traffic totals are exact. At the end everything
 * is released and every connection counter is back to 0.
 *
 * <p>It fails for a counter that is not atomic (a lost increment or decrement shows as a count that the workers
 * do not hold, e.g. {@code activeConns} as a {@code volatile int} with {@code ++}), for a zeroing that resets the
 * adders instead of keeping a baseline (the totals come out short), and for an OVERLOAD flag written from a stale
 * count (a quiescent destination above its upper threshold that is not overloaded, or below its lower one that
 * still is). The first two fail in the first rounds; the last needs a thread to be overtaken between reading
 * the count and writing the flag at the very end of a round, which is rare: it was seen once in some 70,000
 * rounds on two CPUs, before Destination made each count change and its flag decision one compare-and-set.
 */
class CountersStressTest {

    private static final int WORKERS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    private static final int ROUNDS = 5_000;
    private static final int OPS_PER_ROUND = 60;
    private static final ServiceKey KEY = new ServiceKey.Inet(Protocol.TCP, IpAddress.parse("192.0.2.1"), 80);

    /** Upper/lower thresholds per destination: none, hysteresis, the 3/4 rule (twice), equal. */
    private static final int[][] THRESHOLDS = {{0, 0}, {2, 1}, {1, 0}, {3, 3}, {4, 0}};

    /** What one worker holds open at the end of a round and all it ever counted as traffic. */
    private static final class Worker {
        final int[] active = new int[THRESHOLDS.length];
        final int[] inactive = new int[THRESHOLDS.length];
        final int[] templates = new int[THRESHOLDS.length];
        final long[] traffic = new long[5]; // conns, inPkts, outPkts, inBytes, outBytes (per destination = service)
    }

    @Test
    void countersStayExactUnderConcurrentUpdatesListingsZeroingAndTicks() throws Exception {
        ServiceTable table = new ServiceTable((name, flags, dests) -> Optional.of(new DestinationScheduler() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Optional<Destination> pick(List<Destination> ds, ScheduleInput in) {
                return Optional.empty();
            }
        }));
        assertThat(table.addService(KEY, ServiceSettings.of("rr")).ok()).isTrue();
        for (int i = 0; i < THRESHOLDS.length; i++) {
            assertThat(table.addDestination(KEY, IpAddress.parse("10.0.0." + (i + 1)), 80,
                    new DestinationSettings(ForwardingMethod.ROUTE, 1, THRESHOLDS[i][0], THRESHOLDS[i][1])).ok())
                    .isTrue();
        }
        VirtualService service = table.service(KEY).orElseThrow();
        List<Destination> dests = service.view().destinations().reversed(); // the order added: 10.0.0.1 first
        Worker[] workers = new Worker[WORKERS];
        Phaser rounds = new Phaser(WORKERS + 1);
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                workers[w] = new Worker();
                Worker me = workers[w];
                long seed = 7919L * w + 1;
                done.add(pool.submit(() -> {
                    try {
                        work(me, seed, dests, service.stats(), rounds);
                    } finally {
                        rounds.forceTermination(); // harmless once every round is done; frees the owner otherwise
                    }
                }));
            }
            try {
                own(table, dests, workers, rounds);
            } finally {
                rounds.forceTermination();
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        for (Destination d : dests) {
            assertThat(List.of(d.activeConns(), d.inactConns(), d.persistConns())).as("%s", d)
                    .containsExactly(0, 0, 0);
            assertThat(d.overloaded()).as("%s overloaded with no connection", d).isFalse();
        }
        long[] expected = new long[5];
        for (Worker w : workers) {
            for (int i = 0; i < 5; i++) {
                expected[i] += w.traffic[i];
            }
        }
        StatsSnapshot want = new StatsSnapshot(expected[0], expected[1], expected[2], expected[3], expected[4]);
        assertThat(service.stats().totals()).isEqualTo(want);
        StatsSnapshot sum = StatsSnapshot.ZERO;
        for (Destination d : dests) {
            sum = plus(sum, d.stats().totals());
        }
        assertThat(sum).isEqualTo(want);
        table.zero();
        assertThat(table.snapshot().services().getFirst().stats()).isEqualTo(StatsSnapshot.ZERO);
    }

    /** The owner: lists, zeroes and ticks while the workers run; checks the counters whenever they stop. */
    private static void own(ServiceTable table, List<Destination> dests, Worker[] workers, Phaser rounds) {
        long now = 0;
        int listings = 0;
        for (int round = 0; round < ROUNDS && !rounds.isTerminated(); round++) {
            while (rounds.getArrivedParties() < WORKERS && !rounds.isTerminated()) {
                TableSnapshot s = table.snapshot();
                for (DestinationSnapshot d : s.services().getFirst().destinations()) {
                    assertThat(d.activeConns()).isNotNegative();
                    assertThat(d.inactConns()).isNotNegative();
                    assertThat(d.persistConns()).isNotNegative();
                    assertThat(d.stats().conns()).isNotNegative();
                    assertThat(d.stats().inBytes()).isNotNegative();
                }
                if (++listings % 7 == 0) {
                    table.zero();
                }
                now += RateEstimator.INTERVAL_NANOS;
                table.tick(now);
            }
            if (rounds.arriveAndAwaitAdvance() < 0) {
                return; // a worker failed: its future tells why
            }
            for (int i = 0; i < dests.size(); i++) {
                int active = 0;
                int inactive = 0;
                int templates = 0;
                for (Worker w : workers) {
                    active += w.active[i];
                    inactive += w.inactive[i];
                    templates += w.templates[i];
                }
                Destination d = dests.get(i);
                assertThat(List.of(d.activeConns(), d.inactConns(), d.persistConns())).as("%s after round %d", d, round)
                        .containsExactly(active, inactive, templates);
                assertOverloadAgrees(d, active + inactive, round);
            }
            rounds.arriveAndAwaitAdvance(); // let them go on
        }
    }

    /** The flag must be set at or above the upper threshold and clear below the lower one (or 3/4 of the upper). */
    private static void assertOverloadAgrees(Destination d, int total, int round) {
        int u = d.settings().upperThreshold();
        int l = d.settings().lowerThreshold();
        boolean mustBeSet = u != 0 && total >= u;
        boolean mustBeClear = u == 0 || (l != 0 ? total < l : 4L * total < 3L * u);
        if (mustBeSet) {
            assertThat(d.overloaded()).as("%s with %d connections, upper %d, round %d", d, total, u, round).isTrue();
        }
        if (mustBeClear) {
            assertThat(d.overloaded()).as("%s with %d connections, lower %d upper %d, round %d", d, total, l, u,
                    round).isFalse();
        }
    }

    /** One worker: random balanced work each round, ending with a few connections held open (none at the end). */
    private static void work(Worker me, long seed, List<Destination> dests, Stats serviceStats, Phaser rounds) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < ROUNDS; round++) {
            for (int op = 0; op < OPS_PER_ROUND; op++) {
                int i = random.nextInt(dests.size());
                step(me, i, dests.get(i), random.nextInt(8), random);
                traffic(me, dests.get(i).stats(), serviceStats, random);
            }
            boolean last = round == ROUNDS - 1;
            for (int i = 0; i < dests.size(); i++) {
                settle(me, i, dests.get(i), last ? 0 : random.nextInt(3), last ? 0 : random.nextInt(2));
            }
            if (rounds.arriveAndAwaitAdvance() < 0 || rounds.arriveAndAwaitAdvance() < 0) {
                return; // the owner failed
            }
        }
    }

    private static void step(Worker me, int i, Destination d, int what, SplittableRandom random) {
        switch (what) {
            case 0, 1 -> {
                boolean synced = random.nextInt(4) == 0;
                d.bindConnection(synced);
                if (synced) {
                    me.active[i]++;
                } else {
                    me.inactive[i]++;
                }
            }
            case 2 -> {
                if (me.inactive[i] > 0) {
                    d.connectionActivated();
                    me.inactive[i]--;
                    me.active[i]++;
                }
            }
            case 3 -> {
                if (me.active[i] > 0) {
                    d.connectionDeactivated();
                    me.active[i]--;
                    me.inactive[i]++;
                }
            }
            case 4, 5 -> {
                boolean active = me.active[i] > 0 && (me.inactive[i] == 0 || random.nextBoolean());
                if (active || me.inactive[i] > 0) {
                    d.unbindConnection(active);
                    if (active) {
                        me.active[i]--;
                    } else {
                        me.inactive[i]--;
                    }
                }
            }
            case 6 -> {
                d.bindTemplate();
                me.templates[i]++;
            }
            default -> {
                if (me.templates[i] > 0) {
                    d.unbindTemplate();
                    me.templates[i]--;
                }
            }
        }
    }

    /** Closes connections and templates until {@code keep} connections and {@code keepTemplates} remain. */
    private static void settle(Worker me, int i, Destination d, int keep, int keepTemplates) {
        while (me.active[i] + me.inactive[i] > keep) {
            boolean active = me.active[i] > 0;
            d.unbindConnection(active);
            if (active) {
                me.active[i]--;
            } else {
                me.inactive[i]--;
            }
        }
        while (me.templates[i] > keepTemplates) {
            d.unbindTemplate();
            me.templates[i]--;
        }
    }

    private static void traffic(Worker me, Stats dest, Stats service, SplittableRandom random) {
        long in = random.nextInt(1500);
        long out = random.nextInt(9000);
        for (Stats s : new Stats[] {dest, service}) {
            s.connection();
            s.inbound(in);
            s.outbound(out);
        }
        me.traffic[0]++;
        me.traffic[1]++;
        me.traffic[2]++;
        me.traffic[3] += in;
        me.traffic[4] += out;
    }

    private static StatsSnapshot plus(StatsSnapshot a, StatsSnapshot b) {
        return new StatsSnapshot(a.conns() + b.conns(), a.inPkts() + b.inPkts(), a.outPkts() + b.outPkts(),
                a.inBytes() + b.inBytes(), a.outBytes() + b.outBytes());
    }
}
