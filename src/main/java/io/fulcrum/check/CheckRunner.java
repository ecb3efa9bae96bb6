package io.fulcrum.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Runs checkers: one virtual thread per checker waits for its {@link CheckerTimeline}'s next probe time, runs
 * {@link Checker#probe()} in a child virtual thread with a hard limit of {@link Checker#timeout()} plus a grace,
 * interrupts a probe that is late and counts it as a failure, feeds the timeline and hands what it decided to the
 * sink as a {@link CheckReport}. A checker that hangs delays nobody else; while one of its probes is still running
 * (ignoring the interrupt) no second one starts, and each probe time meanwhile counts as a failure.
 * <p>The sink is called from the checkers' threads, concurrently: it must be thread-safe and quick (the daemon
 * queues the report for its control thread). A sink that throws is reported to the thread's uncaught exception
 * handler and the checker goes on.
 */
public final class CheckRunner implements AutoCloseable {

    /** The grace the daemon gives a probe beyond its own timeout before interrupting it. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(1);

    private static final Duration JOIN_LIMIT = Duration.ofSeconds(2);

    /**
     * One checker to run.
     *
     * @param service the checked service in keepalived's words ({@code [10.0.0.11]:tcp:80}), for the timeout line
     */
    public record Job(CheckerId id, Checker checker, CheckerTiming timing, String service) {
        public Job {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(checker, "checker");
            Objects.requireNonNull(timing, "timing");
            Objects.requireNonNull(service, "service");
        }
    }

    private final List<Loop> loops = new ArrayList<>();
    private final CheckClock clock;
    private final RandomGenerator random;
    private final long graceNanos;
    private final Consumer<CheckReport> sink;
    private final Set<Integer> suspended = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private boolean started;

    /**
     * @param jobs   the checkers, each with its timing
     * @param clock  monotonic time and sleeping
     * @param random draws each checker's warmup (used only by {@link #start()}, on the calling thread)
     * @param grace  added to each checker's timeout before its probe is interrupted
     * @param sink   receives every non-empty report
     */
    public CheckRunner(List<Job> jobs, CheckClock clock, RandomGenerator random, Duration grace,
            Consumer<CheckReport> sink) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.sink = Objects.requireNonNull(sink, "sink");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("negative grace " + grace);
        }
        this.graceNanos = grace.toNanos();
        for (Job job : jobs) {
            loops.add(new Loop(job));
        }
    }

    /** Schedules every checker's first probe (bootstrap + random warmup from now) and starts their threads. */
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        started = true;
        long now = clock.nanos();
        for (Loop loop : loops) {
            loop.timeline.start(now, random);
        }
        for (Loop loop : loops) {
            loop.thread = Thread.ofVirtual().name(loop.job.id().toString()).start(loop);
        }
    }

    /** ha_suspend: the checkers of the virtual server skip their probes (each looks again a delay_loop later). */
    public void suspend(int vsIndex) {
        suspended.add(vsIndex);
    }

    /** ha_suspend: the checkers of the virtual server probe again from their next probe time. */
    public void resume(int vsIndex) {
        suspended.remove(vsIndex);
    }

    /** Whether the checkers of the virtual server are suspended. */
    public boolean suspended(int vsIndex) {
        return suspended.contains(vsIndex);
    }

    /** Stops every checker: their threads and probes are interrupted, and their loops waited for (briefly). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Loop loop : loops) {
            if (loop.thread != null) {
                loop.thread.interrupt();
            }
        }
        for (Loop loop : loops) {
            if (loop.thread != null) {
                try {
                    loop.thread.join(JOIN_LIMIT);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private final class Loop implements Runnable {
        private final Job job;
        private final CheckerTimeline timeline;
        private volatile Thread thread;
        private volatile Thread probe;

        Loop(Job job) {
            this.job = job;
            this.timeline = new CheckerTimeline(job.id(), job.checker(), job.timing());
        }

        @Override
        public void run() {
            try {
                long next = timeline.nextProbeNanos();
                while (!closed) {
                    clock.sleepUntil(next);
                    if (closed) {
                        break;
                    }
                    if (suspended.contains(job.id().vsIndex())) {
                        next = timeline.skip(clock.nanos());
                        continue;
                    }
                    ProbeResult result = probeOnce();
                    CheckerTimeline.Step step = timeline.onResult(result, clock.nanos());
                    if (!step.log().isEmpty() || !step.events().isEmpty()) {
                        report(new CheckReport(job.id(), step.log(), step.events()));
                    }
                    next = step.nextProbeNanos();
                }
            } catch (InterruptedException e) {
                // closing
            } finally {
                Thread p = probe;
                if (p != null) {
                    p.interrupt();
                }
            }
        }

        private void report(CheckReport report) {
            try {
                sink.accept(report);
            } catch (RuntimeException e) {
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, e);
            }
        }

        private ProbeResult probeOnce() throws InterruptedException {
            Thread previous = probe;
            if (previous != null && previous.isAlive()) {
                return failure("is still running its previous probe");
            }
            CompletableFuture<ProbeResult> result = new CompletableFuture<>();
            long limit = job.checker().timeout().toNanos() + graceNanos;
            long deadline = clock.nanos() + limit;
            probe = Thread.ofVirtual().name("probe " + job.id()).start(() -> result.complete(runProbe(limit)));
            try {
                return result.get(Math.max(0, deadline - clock.nanos()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                probe.interrupt();
                return timedOut(limit);
            } catch (ExecutionException e) {
                return failure("failed: " + e.getCause());
            } catch (InterruptedException e) {
                probe.interrupt();
                throw e;
            }
        }

        private ProbeResult runProbe(long limit) {
            try {
                ProbeResult r = job.checker().probe();
                return r != null ? r : failure("returned no result");
            } catch (InterruptedException e) {
                return timedOut(limit);
            } catch (RuntimeException e) {
                return failure("failed: " + e);
            }
        }

        private ProbeResult timedOut(long limitNanos) {
            return failure("timed out after " + TimeUnit.NANOSECONDS.toMillis(limitNanos) + " ms");
        }

        private ProbeResult.Failure failure(String what) {
            return new ProbeResult.Failure(job.checker().kind() + " on service " + job.service() + " " + what + ".");
        }
    }
}
