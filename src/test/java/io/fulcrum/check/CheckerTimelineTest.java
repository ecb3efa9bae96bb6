package io.fulcrum.check;

import static io.fulcrum.check.FakeChecker.fail;
import static io.fulcrum.check.FakeChecker.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One checker's timeline on a manual clock, to the second: when each probe runs and which result changes the
 * checker's state, as keepalived's epilogs schedule them.
 */
class CheckerTimelineTest {

    private static final long S = 1_000_000_000L;
    private static final CheckerId ID = new CheckerId(0, 0, 0);
    private static final String RS = "[10.0.0.11]:tcp:80";

    /** A random generator whose bounded draws give {@code fraction} of the bound (0 = none, 1 = the maximum). */
    private static RandomGenerator fixed(double fraction) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new AssertionError("unbounded draw");
            }

            @Override
            public long nextLong(long bound) {
                return Math.min(bound - 1, (long) (bound * fraction));
            }
        };
    }

    private static CheckerTiming timing(long retry, int dbrSeconds, int loopSeconds) {
        return new CheckerTiming(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(loopSeconds),
                Duration.ofSeconds(dbrSeconds), retry, false, false, true);
    }

    /** What happened at each probe: {@code "121 fail"}, {@code "122 fail DOWN"}, {@code "1 ok W5 UP"}. */
    private record Trace(List<String> probes, List<String> log) {
    }

    private static Trace run(CheckerTiming timing, int count, ProbeResult... results) {
        CheckerTimeline t = new CheckerTimeline(ID, FakeChecker.tcp(RS), timing);
        long now = t.start(0, fixed(0));
        List<String> probes = new ArrayList<>();
        List<String> log = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ProbeResult r = results[Math.min(i, results.length - 1)];
            CheckerTimeline.Step step = t.onResult(r, now);
            StringBuilder b = new StringBuilder().append(now / S)
                    .append(r instanceof ProbeResult.Success ? " ok" : " fail");
            for (HealthEvent e : step.events()) {
                b.append(switch (e) {
                    case HealthEvent.CheckerUp u -> " UP";
                    case HealthEvent.CheckerDown d -> " DOWN";
                    case HealthEvent.WeightChanged w -> " W" + w.weight();
                });
                assertThat(e.checker()).isEqualTo(ID);
            }
            probes.add(b.toString());
            long at = now / S;
            step.log().forEach(line -> log.add(at + ": " + line));
            assertThat(step.nextProbeNanos()).isGreaterThan(now).isEqualTo(t.nextProbeNanos());
            now = step.nextProbeNanos();
        }
        return new Trace(probes, log);
    }

    static Stream<Arguments> timelines() {
        ProbeResult f = fail("TCP connection to " + RS + " timedout.");
        return Stream.of(
                // retry 1, delay_before_retry 1, delay_loop 60: an up checker fails twice before going down
                Arguments.of("retry then down", timing(1, 1, 60), new ProbeResult[] {ok(), ok(), f, f, ok()},
                        List.of("1 ok UP", "61 ok", "121 fail", "122 fail DOWN", "182 ok UP")),
                // a success during the retries keeps it up and restarts the count
                Arguments.of("success during retries", timing(2, 5, 30),
                        new ProbeResult[] {ok(), f, f, ok(), f, f, f},
                        List.of("1 ok UP", "31 fail", "36 fail", "41 ok", "71 fail", "76 fail", "81 fail DOWN")),
                // the count starts full: the very first failure decides at once
                Arguments.of("first failure decides", timing(3, 2, 10), new ProbeResult[] {f, f, f, f, f, ok()},
                        List.of("1 fail DOWN", "11 fail", "13 fail", "15 fail", "17 fail", "27 ok UP")),
                // retry 0: the first failure of an up checker takes it down
                Arguments.of("no retry", timing(0, 1, 60), new ProbeResult[] {ok(), f, f, ok()},
                        List.of("1 ok UP", "61 fail DOWN", "121 fail", "181 ok UP")),
                // delay_before_retry longer than delay_loop is kept as configured
                Arguments.of("long delay before retry", timing(1, 20, 10), new ProbeResult[] {ok(), f, f},
                        List.of("1 ok UP", "11 fail", "31 fail DOWN")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("timelines")
    void probesAndTransitionsHappenToTheSecond(String name, CheckerTiming timing, ProbeResult[] results,
            List<String> expected) {
        assertThat(run(timing, expected.size(), results).probes()).containsExactlyElementsOf(expected);
    }

    @Test
    void aDownTcpCheckerStillRetriesButOtherKindsWaitADelayLoop() {
        ProbeResult f = fail("x");
        assertThat(run(timing(2, 3, 20), 6, f).probes())
                .containsExactly("1 fail DOWN", "21 fail", "24 fail", "27 fail", "47 fail", "50 fail");
        CheckerTiming udp = new CheckerTiming(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(20),
                Duration.ofSeconds(3), 2, false, false, false);
        assertThat(run(udp, 4, f, f, f, ok()).probes())
                .containsExactly("1 fail DOWN", "21 fail", "41 fail", "61 ok UP");
        // while up, those kinds retry like the others
        assertThat(run(udp, 4, ok(), f, f, f).probes())
                .containsExactly("1 ok UP", "21 fail", "24 fail", "27 fail DOWN");
    }

    @Test
    void theLogSaysWhatKeepalivedSays() {
        Trace t = run(timing(1, 1, 60), 5, ok(), ok(), fail("a"), fail("b"), ok());
        assertThat(t.log()).containsExactly(
                "1: TCP connection to " + RS + " success.",
                "122: TCP_CHECK on service " + RS + " failed after 1 retries.",
                "182: TCP connection to " + RS + " success.");
        // a first failure uses the form without retries
        assertThat(run(timing(1, 1, 60), 1, fail("a")).log())
                .containsExactly("1: TCP_CHECK on service " + RS + " failed.");
    }

    @Test
    void logAllFailuresAddsEachFailureWhileUpOnly() {
        CheckerTiming all = new CheckerTiming(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(60),
                Duration.ofSeconds(1), 1, false, true, true);
        Trace t = run(all, 6, ok(), fail("first"), fail("second"), fail("third"), fail("fourth"), ok());
        assertThat(t.probes())
                .containsExactly("1 ok UP", "61 fail", "62 fail DOWN", "122 fail", "123 fail", "183 ok UP");
        assertThat(t.log()).containsExactly(
                "1: TCP connection to " + RS + " success.",
                "61: first",
                "62: second",
                "62: TCP_CHECK on service " + RS + " failed after 1 retries.",
                "183: TCP connection to " + RS + " success.");
        assertThat(run(timing(1, 1, 60), 3, ok(), fail("first"), fail("second")).log())
                .noneMatch(l -> l.endsWith("first") || l.endsWith("second"));
    }

    @Test
    void alphaStartsDownUntilItsFirstSuccessAndConfirmsADownStart() {
        CheckerTiming alpha = new CheckerTiming(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(10),
                Duration.ofSeconds(2), 1, true, false, true);
        CheckerTimeline t = new CheckerTimeline(ID, FakeChecker.tcp(RS), alpha);
        assertThat(t.up()).isFalse();
        assertThat(t.hasRun()).isFalse();
        assertThat(run(alpha, 3, ok(), ok(), fail("x")).probes()).containsExactly("1 ok UP", "11 ok", "21 fail");
        // a failing first probe reports down (keepalived then runs notify_down), later ones stay quiet
        assertThat(run(alpha, 4, fail("x"), fail("x"), fail("x"), ok()).probes())
                .containsExactly("1 fail DOWN", "11 fail", "13 fail", "23 ok UP");
    }

    @Test
    void dynamicWeightsAreReportedWhenTheyChangeAndBeforeUp() {
        Trace t = run(timing(1, 1, 10), 5, new ProbeResult.Success(OptionalLong.of(5)),
                new ProbeResult.Success(OptionalLong.of(5)), new ProbeResult.Success(OptionalLong.of(7)), fail("x"),
                new ProbeResult.Success(OptionalLong.of(7)));
        assertThat(t.probes()).containsExactly("1 ok W5 UP", "11 ok", "21 ok W7", "31 fail", "32 ok");
    }

    @Test
    void warmupDelaysTheFirstProbeByARandomTimeUpToWarmup() {
        CheckerTiming warm = new CheckerTiming(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(1), 1, false, false, true);
        assertThat(new CheckerTimeline(ID, FakeChecker.tcp(RS), warm).start(100 * S, fixed(0))).isEqualTo(101 * S);
        assertThat(new CheckerTimeline(ID, FakeChecker.tcp(RS), warm).start(100 * S, fixed(0.5))).isEqualTo(116 * S);
        // the bound is inclusive: warmup itself can be drawn
        assertThat(new CheckerTimeline(ID, FakeChecker.tcp(RS), warm).start(100 * S, fixed(1))).isEqualTo(131 * S);
        SplittableRandom random = new SplittableRandom(7);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 2000; i++) {
            long first = new CheckerTimeline(ID, FakeChecker.tcp(RS), warm).start(0, random);
            min = Math.min(min, first);
            max = Math.max(max, first);
        }
        assertThat(min).isBetween(1 * S, 2 * S);
        assertThat(max).isBetween(30 * S, 31 * S);
    }

    @Test
    void warmupZeroStartsAfterTheBootstrapOnly() {
        CheckerTimeline t = new CheckerTimeline(ID, FakeChecker.tcp(RS), timing(1, 1, 60));
        assertThat(t.start(5 * S, new SplittableRandom(1))).isEqualTo(6 * S);
        assertThat(t.nextProbeNanos()).isEqualTo(6 * S);
    }

    @Test
    void aSuspendedProbeIsSkippedForADelayLoopAndKeepsTheState() {
        CheckerTimeline t = new CheckerTimeline(ID, FakeChecker.tcp(RS), timing(1, 1, 60));
        t.start(0, fixed(0));
        t.onResult(fail("x"), S);
        assertThat(t.up()).isFalse();
        assertThat(t.skip(61 * S)).isEqualTo(121 * S);
        assertThat(t.up()).isFalse();
        assertThat(t.onResult(ok(), 121 * S).events()).containsExactly(new HealthEvent.CheckerUp(ID));
    }

    @Test
    void retriesAreCountedAndCleared() {
        CheckerTimeline t = new CheckerTimeline(ID, FakeChecker.tcp(RS), timing(3, 1, 60));
        t.start(0, fixed(0));
        assertThat(t.retries()).isEqualTo(3);
        t.onResult(ok(), S);
        assertThat(t.retries()).isZero();
        t.onResult(fail("x"), 61 * S);
        t.onResult(fail("x"), 62 * S);
        assertThat(t.retries()).isEqualTo(2);
        assertThat(t.up()).isTrue();
        t.onResult(ok(), 63 * S);
        assertThat(t.retries()).isZero();
    }
}
