package io.fulcrum.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runner on real virtual threads with short timings. */
class CheckRunnerTest {

    /** The real monotonic clock the daemon would pass. */
    static final CheckClock REAL = new CheckClock() {
        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public void sleepUntil(long deadlineNanos) throws InterruptedException {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                Thread.sleep(Duration.ofNanos(left));
            }
        }
    };

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final List<CheckReport> reports = new CopyOnWriteArrayList<>();
    private CheckRunner runner;

    @AfterEach
    void close() {
        if (runner != null) {
            runner.close();
        }
    }

    private static CheckerTiming every(Duration loop, long retry, boolean logAll) {
        return new CheckerTiming(Duration.ZERO, Duration.ZERO, loop, loop, retry, false, logAll, true);
    }

    private static CheckRunner.Job job(int vs, FakeChecker checker, CheckerTiming timing, String service) {
        return new CheckRunner.Job(new CheckerId(vs, 0, 0), checker, timing, service);
    }

    private CheckRunner runner(CheckRunner.Job... jobs) {
        runner = new CheckRunner(List.of(jobs), REAL, new SplittableRandom(1), Duration.ofMillis(50), reports::add);
        return runner;
    }

    private List<CheckReport> reportsOf(int vs) {
        return reports.stream().filter(r -> r.checker().vsIndex() == vs).toList();
    }

    @Test
    void aHangingCheckerDelaysNobodyAndItsTimeoutIsAFailure() {
        FakeChecker hanging = FakeChecker.behaving("[10.0.1.1]:tcp:80", Duration.ofMillis(150), () -> {
            Thread.sleep(Duration.ofMinutes(10));
            return FakeChecker.ok();
        });
        AtomicBoolean healthy = new AtomicBoolean(true);
        FakeChecker quick = FakeChecker.behaving("[10.0.1.2]:tcp:80", Duration.ofSeconds(1),
                () -> healthy.get() ? FakeChecker.ok() : FakeChecker.fail("refused"));
        runner(job(0, hanging, every(Duration.ofSeconds(30), 0, true), "[10.0.1.1]:tcp:80"),
                job(1, quick, every(Duration.ofMillis(20), 0, false), "[10.0.1.2]:tcp:80")).start();
        // while the first probe of the hanging checker waits for its timeout, the other one keeps probing
        await().atMost(WAIT).until(() -> quick.probes.get() >= 5);
        assertThat(reportsOf(0)).isEmpty();
        healthy.set(false);
        await().atMost(WAIT).until(() -> reportsOf(1).size() >= 2);
        assertThat(reportsOf(1).get(1).events()).containsExactly(new HealthEvent.CheckerDown(new CheckerId(1, 0, 0)));
        // the hanging probe is cut at timeout + grace and counts as a failure: first failure, down at once
        await().atMost(WAIT).until(() -> !reportsOf(0).isEmpty());
        CheckReport timedOut = reportsOf(0).getFirst();
        assertThat(timedOut.log()).containsExactly(
                "TCP_CHECK on service [10.0.1.1]:tcp:80 timed out after 200 ms.",
                "TCP_CHECK on service [10.0.1.1]:tcp:80 failed.");
        assertThat(timedOut.events()).containsExactly(new HealthEvent.CheckerDown(new CheckerId(0, 0, 0)));
    }

    @Test
    void aProbeIgnoringItsInterruptIsNotStartedTwice() {
        AtomicBoolean release = new AtomicBoolean();
        AtomicBoolean first = new AtomicBoolean(true);
        FakeChecker stubborn = FakeChecker.behaving("[10.0.1.1]:tcp:80", Duration.ofMillis(30), () -> {
            if (first.getAndSet(false)) {
                return FakeChecker.ok();
            }
            while (!release.get()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                Thread.interrupted();
            }
            return FakeChecker.ok();
        });
        // retries keep the checker up, so each failed probe's line is logged
        runner(job(0, stubborn, every(Duration.ofMillis(40), 1000, true), "[10.0.1.1]:tcp:80")).start();
        await().atMost(WAIT).until(() -> reports.stream().filter(r -> r.log().stream()
                .anyMatch(l -> l.endsWith("is still running its previous probe."))).count() >= 3);
        assertThat(reports).anyMatch(r -> r.log().contains("TCP_CHECK on service [10.0.1.1]:tcp:80 timed out after"
                + " 80 ms."));
        assertThat(stubborn.probes.get()).isEqualTo(2);
        int before = reports.size();
        release.set(true);
        await().atMost(WAIT).until(() -> stubborn.probes.get() >= 3);
        assertThat(reports.subList(before, reports.size())).noneMatch(r -> r.events().contains(
                new HealthEvent.CheckerDown(new CheckerId(0, 0, 0))));
    }

    @Test
    void closeIsPromptEvenWithHangingProbes() throws InterruptedException {
        CountDownLatch probing = new CountDownLatch(1);
        FakeChecker hanging = FakeChecker.behaving("[10.0.1.1]:tcp:80", Duration.ofMinutes(5), () -> {
            probing.countDown();
            Thread.sleep(Duration.ofMinutes(10));
            return FakeChecker.ok();
        });
        FakeChecker idle = FakeChecker.tcp("[10.0.1.2]:tcp:80");
        runner(job(0, hanging, every(Duration.ofMinutes(1), 1, false), "[10.0.1.1]:tcp:80"),
                job(1, idle, every(Duration.ofMinutes(1), 1, false), "[10.0.1.2]:tcp:80")).start();
        assertThat(probing.await(10, TimeUnit.SECONDS)).isTrue();
        long before = System.nanoTime();
        runner.close();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(1));
        int seen = reports.size();
        Thread.sleep(100);
        assertThat(reports).hasSize(seen);
        runner.close();
        assertThatThrownBy(runner::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void suspendedVirtualServersSkipTheirProbesUntilResumed() {
        FakeChecker held = FakeChecker.tcp("[10.0.1.1]:tcp:80");
        FakeChecker free = FakeChecker.tcp("[10.0.2.1]:tcp:80");
        runner(job(0, held, every(Duration.ofMillis(20), 1, false), "[10.0.1.1]:tcp:80"),
                job(1, free, every(Duration.ofMillis(20), 1, false), "[10.0.2.1]:tcp:80"));
        runner.suspend(0);
        runner.start();
        await().atMost(WAIT).until(() -> free.probes.get() >= 5);
        assertThat(held.probes.get()).isZero();
        assertThat(runner.suspended(0)).isTrue();
        runner.resume(0);
        assertThat(runner.suspended(0)).isFalse();
        await().atMost(WAIT).until(() -> held.probes.get() >= 1);
    }

    @Test
    void aThrowingProbeIsAFailureAndAThrowingSinkStopsNothing() {
        FakeChecker broken = FakeChecker.behaving("[10.0.1.1]:tcp:80", Duration.ofSeconds(1), () -> {
            throw new IllegalStateException("boom");
        });
        List<CheckReport> seen = new CopyOnWriteArrayList<>();
        runner = new CheckRunner(List.of(job(0, broken, every(Duration.ofMillis(20), 0, true), "[10.0.1.1]:tcp:80")),
                REAL, new SplittableRandom(1), Duration.ZERO, r -> {
                    seen.add(r);
                    throw new IllegalArgumentException("sink down");
                });
        Thread.UncaughtExceptionHandler quiet = (t, e) -> { };
        Thread.UncaughtExceptionHandler saved = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler(quiet);
        try {
            runner.start();
            await().dontCatchUncaughtExceptions().atMost(WAIT).until(() -> broken.probes.get() >= 4);
        } finally {
            runner.close();
            Thread.setDefaultUncaughtExceptionHandler(saved);
        }
        assertThat(seen.getFirst().log()).containsExactly(
                "TCP_CHECK on service [10.0.1.1]:tcp:80 failed: java.lang.IllegalStateException: boom.",
                "TCP_CHECK on service [10.0.1.1]:tcp:80 failed.");
    }

    @Test
    void startsOnlyOnce() {
        runner(job(0, FakeChecker.tcp("[10.0.1.1]:tcp:80"), every(Duration.ofSeconds(30), 1, false), "x")).start();
        assertThatThrownBy(runner::start).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new CheckRunner(List.of(), REAL, new SplittableRandom(1), Duration.ofMillis(-1),
                r -> { })).isInstanceOf(IllegalArgumentException.class);
    }
}
