package io.fulcrum.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * The schedule and verdicts of one checker, as keepalived's epilogs decide them (check_tcp.c {@code tcp_epilog},
 * check_udp.c, check_ping.c, check_misc.c), as a pure state machine driven by the caller's clock:
 * <ul>
 *   <li>the checker starts up, or down when alpha, and has not run; its retry counter starts full
 *       ({@code retry_it = retry}), so the first failure decides at once ("one failure is enough initially");</li>
 *   <li>the first probe comes after the bootstrap delay plus a random warmup in [0, warmup];</li>
 *   <li>a success decides: when the checker was down or had not run, it logs the checker's up line and reports
 *       up; the next probe is delay_loop later and the retry counter is cleared. A success carrying a weight
 *       different from the last one reported reports it first (misc_dynamic, FILE_CHECK dynamic);</li>
 *   <li>a failure is retried after delay_before_retry while the counter is below retry (while up or not yet run,
 *       and also while down for the kinds with {@link CheckerTiming#retryWhileDown()}); otherwise it decides:
 *       when the checker was up or had not run, it logs the checker's down line ("after N retries" once it has
 *       run) and reports down; the next probe is delay_loop later and the counter is cleared;</li>
 *   <li>each failure's own line is logged only with log_all_failures, and only while the checker is up (or has
 *       not run).</li>
 * </ul>
 * Not thread-safe: one thread (the checker's loop, or a test) drives it.
 */
public final class CheckerTimeline {

    /**
     * The outcome of one probe result.
     *
     * @param nextProbeNanos when to probe next
     * @param events         for the health state, in order (empty, a weight, an up or down, or a weight then up)
     * @param log            keepalived's lines for this result, in order
     */
    public record Step(long nextProbeNanos, List<HealthEvent> events, List<String> log) {
        public Step {
            events = List.copyOf(events);
            log = List.copyOf(log);
        }
    }

    private final CheckerId id;
    private final Checker checker;
    private final CheckerTiming timing;
    private boolean up;
    private boolean hasRun;
    private long retryIt;
    private OptionalLong lastWeight = OptionalLong.empty();
    private long nextProbe;

    public CheckerTimeline(CheckerId id, Checker checker, CheckerTiming timing) {
        this.id = Objects.requireNonNull(id, "id");
        this.checker = Objects.requireNonNull(checker, "checker");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.up = !timing.alpha();
        this.retryIt = timing.retry();
    }

    /** Schedules the first probe: bootstrap plus a random warmup in [0, warmup]; returns its time. */
    public long start(long nowNanos, RandomGenerator random) {
        long warmup = timing.warmup().toNanos();
        long delay = timing.bootstrap().toNanos() + (warmup > 0 ? random.nextLong(warmup + 1) : 0);
        nextProbe = nowNanos + delay;
        return nextProbe;
    }

    /** Feeds the result of the probe that finished at {@code nowNanos}. */
    public Step onResult(ProbeResult result, long nowNanos) {
        List<HealthEvent> events = new ArrayList<>(2);
        List<String> log = new ArrayList<>(2);
        long delay = switch (result) {
            case ProbeResult.Success s -> success(s, events, log);
            case ProbeResult.Failure f -> failure(f, events, log);
        };
        hasRun = true;
        nextProbe = nowNanos + delay;
        return new Step(nextProbe, events, log);
    }

    /**
     * The probe time came while the checker is suspended (ha_suspend): keepalived skips it and looks again a
     * delay_loop later, keeping the checker's state. Returns the next probe time.
     */
    public long skip(long nowNanos) {
        nextProbe = nowNanos + timing.delayLoop().toNanos();
        return nextProbe;
    }

    private long success(ProbeResult.Success s, List<HealthEvent> events, List<String> log) {
        if (s.weight().isPresent() && !s.weight().equals(lastWeight)) {
            lastWeight = s.weight();
            events.add(new HealthEvent.WeightChanged(id, s.weight().getAsLong()));
        }
        if (!up || !hasRun) {
            addLine(log, checker.upLine());
            up = true;
            events.add(new HealthEvent.CheckerUp(id));
        }
        retryIt = 0;
        return timing.delayLoop().toNanos();
    }

    private long failure(ProbeResult.Failure f, List<HealthEvent> events, List<String> log) {
        boolean undecided = up || !hasRun;
        if (timing.logAllFailures() && undecided) {
            addLine(log, f.line());
        }
        if (retryIt < timing.retry() && (undecided || timing.retryWhileDown())) {
            retryIt++;
            return timing.delayBeforeRetry().toNanos();
        }
        if (undecided) {
            addLine(log, checker.downLine(hasRun ? timing.retry() : 0, f));
            up = false;
            events.add(new HealthEvent.CheckerDown(id));
        }
        retryIt = 0;
        return timing.delayLoop().toNanos();
    }

    private static void addLine(List<String> log, String line) {
        if (!line.isEmpty()) {
            log.add(line);
        }
    }

    public CheckerId id() {
        return id;
    }

    public Checker checker() {
        return checker;
    }

    public CheckerTiming timing() {
        return timing;
    }

    /** Whether the checker counts as up (alpha checkers start down). */
    public boolean up() {
        return up;
    }

    /** Whether a result has decided the checker's state at least once. */
    public boolean hasRun() {
        return hasRun;
    }

    /** Failures retried so far in the current run of retries. */
    public long retries() {
        return retryIt;
    }

    /** When the next probe is due (after {@link #start} or a result). */
    public long nextProbeNanos() {
        return nextProbe;
    }
}
