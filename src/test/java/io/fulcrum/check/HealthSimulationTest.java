package io.fulcrum.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.model.KeepalivedConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * Checker timelines and the health state driven together over simulated seconds, from the configuration's own
 * timings, with scripted probe results: the whole path from a failing service to the sorry server and back, to the
 * second.
 */
class HealthSimulationTest {

    private static final long S = 1_000_000_000L;
    private static final String VS = "[10.0.0.1]:tcp:80";

    private static final String CONFIG = "virtual_server 10.0.0.1 80 {\n    protocol TCP\n    lvs_sched wrr\n"
            + "    lvs_method DR\n    delay_loop 10\n    retry 2\n    delay_before_retry 2\n    warmup 0\n"
            + "    quorum 2\n    sorry_server 10.0.9.9 80\n"
            + "    real_server 10.0.1.1 80 {\n        TCP_CHECK {\n        }\n    }\n"
            + "    real_server 10.0.1.2 80 {\n        TCP_CHECK {\n        }\n    }\n"
            + "    real_server 10.0.1.3 80 {\n        TCP_CHECK {\n        }\n    }\n}\n";

    /** Runs every checker of {@code config} until {@code endSecond}; results come from {@code scripts}. */
    private static final class Simulation {
        final HealthState state;
        final HealthFixtures.Table table = new HealthFixtures.Table();
        final List<String> log = new ArrayList<>();
        final Map<Long, String> snapshots = new TreeMap<>();

        Simulation(KeepalivedConfig config, List<LongFunction<ProbeResult>> scripts, long endSecond,
                List<Long> snapshotSeconds) {
            state = new HealthState(config.virtualServers(), config.globalDefs(), "host1");
            state.startActions().forEach(this::apply);
            List<CheckerId> ids = state.checkers();
            record Due(long at, int index) {
            }
            PriorityQueue<Due> queue =
                    new PriorityQueue<>(Comparator.comparingLong(Due::at).thenComparingInt(Due::index));
            List<CheckerTimeline> timelines = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                CheckTarget t = state.target(ids.get(i));
                CheckerTimeline tl = new CheckerTimeline(ids.get(i), FakeChecker.tcp(t.rsName()),
                        state.timing(ids.get(i)));
                timelines.add(tl);
                queue.add(new Due(tl.start(0, new SplittableRandom(i)), i));
            }
            List<Long> pending = new ArrayList<>(snapshotSeconds);
            while (!queue.isEmpty() && queue.peek().at() <= endSecond * S) {
                Due d = queue.poll();
                while (!pending.isEmpty() && pending.getFirst() * S < d.at()) {
                    snapshots.put(pending.getFirst(), table.of(0));
                    pending.removeFirst();
                }
                long second = d.at() / S;
                CheckerTimeline tl = timelines.get(d.index());
                CheckerTimeline.Step step = tl.onResult(scripts.get(d.index()).apply(second), d.at());
                step.log().forEach(l -> log.add(second + ": " + l));
                for (HealthEvent e : step.events()) {
                    state.onEvent(e).forEach(a -> {
                        apply(a);
                        if (a instanceof HealthAction.Log l) {
                            log.add(second + ": " + l.line());
                        }
                    });
                }
                queue.add(new Due(step.nextProbeNanos(), d.index()));
            }
            pending.forEach(p -> snapshots.put(p, table.of(0)));
        }

        private void apply(HealthAction a) {
            table.apply(List.of(a));
        }
    }

    private static LongFunction<ProbeResult> failingBetween(long from, long until) {
        return t -> t >= from && t < until ? FakeChecker.fail("TCP connection timedout.") : FakeChecker.ok();
    }

    @Test
    void twoServersFailTheSorryServerServesAndTheyComeBackToTheSecond() {
        LongFunction<ProbeResult> weights = t -> new ProbeResult.Success(OptionalLong.of(t >= 110 ? 3 : 1));
        Simulation sim = new Simulation(HealthFixtures.config(CONFIG),
                List.of(failingBetween(30, 75), failingBetween(40, 100), weights), 130,
                List.of(34L, 36L, 44L, 46L, 74L, 76L, 100L, 102L, 130L));
        assertThat(sim.log).containsExactly(
                "1: TCP connection to [10.0.1.1]:tcp:80 success.",
                "1: TCP connection to [10.0.1.2]:tcp:80 success.",
                "1: TCP connection to [10.0.1.3]:tcp:80 success.",
                // 31 and 33 are retries; the third failure decides
                "35: TCP_CHECK on service [10.0.1.1]:tcp:80 failed after 2 retries.",
                "35: Removing service [10.0.1.1]:tcp:80 from VS " + VS,
                "45: TCP_CHECK on service [10.0.1.2]:tcp:80 failed after 2 retries.",
                "45: Removing service [10.0.1.2]:tcp:80 from VS " + VS,
                "45: Lost quorum 2-0=2 > 1 for VS " + VS,
                "45: Adding sorry server [10.0.9.9]:tcp:80 to VS " + VS,
                "45: Removing alive servers from the pool for VS " + VS,
                // down TCP checkers retry too: 45 47 49, 59 61 63, 73, 75
                "75: TCP connection to [10.0.1.1]:tcp:80 success.",
                "75: Adding service [10.0.1.1]:tcp:80 to VS " + VS,
                "75: Gained quorum 2+0=2 <= 2 for VS " + VS,
                "75: Removing sorry server [10.0.9.9]:tcp:80 from VS " + VS,
                "75: Adding alive servers to the pool for VS " + VS,
                "101: TCP connection to [10.0.1.2]:tcp:80 success.",
                "101: Adding service [10.0.1.2]:tcp:80 to VS " + VS,
                "111: Changing weight from 1 to 3 for active service [10.0.1.3]:tcp:80 of VS " + VS);
        assertThat(sim.snapshots).containsExactly(
                Map.entry(34L, "rs0=1 rs1=1 rs2=1"),
                Map.entry(36L, "rs1=1 rs2=1"),
                Map.entry(44L, "rs1=1 rs2=1"),
                Map.entry(46L, "sorry=1"),
                Map.entry(74L, "sorry=1"),
                Map.entry(76L, "rs0=1 rs2=1"),
                Map.entry(100L, "rs0=1 rs2=1"),
                Map.entry(102L, "rs0=1 rs1=1 rs2=1"),
                Map.entry(130L, "rs0=1 rs1=1 rs2=3"));
        assertThat(sim.state.quorumUp(0)).isTrue();
        assertThat(sim.state.sorryServing(0)).isFalse();
    }

    @Test
    void alphaServersJoinOnlyAfterTheirFirstSuccessAndTheWarmupSpreadsTheFirstProbes() {
        String alpha = CONFIG.replace("    warmup 0\n", "    warmup 8\n    alpha\n");
        Simulation sim = new Simulation(HealthFixtures.config(alpha),
                List.of(failingBetween(0, 25), t -> FakeChecker.ok(), t -> FakeChecker.ok()), 60, List.of(0L, 60L));
        assertThat(sim.snapshots.get(0L)).isEqualTo("sorry=1");
        assertThat(sim.snapshots.get(60L)).isEqualTo("rs0=1 rs1=1 rs2=1");
        // every first probe falls within bootstrap + warmup, and quorum comes back with the second server
        List<String> firsts = sim.log.stream().filter(l -> l.contains("success.")).toList();
        assertThat(firsts).hasSize(3);
        assertThat(firsts.subList(0, 2)).allSatisfy(l -> assertThat(Long.parseLong(l.substring(0, l.indexOf(':'))))
                .isBetween(1L, 9L));
        assertThat(sim.log).filteredOn(l -> l.contains("Gained quorum")).hasSize(1);
        assertThat(sim.log).anyMatch(l -> l.endsWith("TCP_CHECK on service [10.0.1.1]:tcp:80 failed."));
    }
}
