package io.fulcrum.daemon;

import io.fulcrum.check.Checker;
import io.fulcrum.check.CheckerId;
import io.fulcrum.check.ProbeResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What each checker's probes found, for the status page and the metrics: the last result with its duration and
 * time, and how many probes ran and failed. Checkers are wrapped ({@link #wrap}) so that every probe is timed on
 * the checker's own thread; reading is safe from any thread.
 */
final class ProbeRecorder {

    /**
     * The last probe of one checker and the counts so far.
     *
     * @param ok        whether it passed
     * @param message   the failure's line, "ok" when it passed
     * @param nanos     how long it took
     * @param endNanos  when it ended (monotonic)
     * @param probes    probes run so far
     * @param failures  probes failed so far
     */
    record Probe(boolean ok, String message, long nanos, long endNanos, long probes, long failures) {
    }

    private final LongSupplier clock;
    private final Map<CheckerId, Probe> last = new ConcurrentHashMap<>();

    ProbeRecorder(LongSupplier clock) {
        this.clock = clock;
    }

    Optional<Probe> last(CheckerId id) {
        return Optional.ofNullable(last.get(id));
    }

    /** {@code checker}, recording each of its probes under {@code id}. */
    Checker wrap(CheckerId id, Checker checker) {
        return new Checker() {
            @Override
            public String kind() {
                return checker.kind();
            }

            @Override
            public ProbeResult probe() throws InterruptedException {
                long start = clock.getAsLong();
                try {
                    ProbeResult r = checker.probe();
                    record(id, r, start);
                    return r;
                } catch (InterruptedException e) {
                    record(id, new ProbeResult.Failure(checker.kind() + " probe interrupted (timed out)"), start);
                    throw e;
                } catch (RuntimeException e) {
                    record(id, new ProbeResult.Failure(checker.kind() + " probe failed: " + e), start);
                    throw e;
                }
            }

            @Override
            public Duration timeout() {
                return checker.timeout();
            }

            @Override
            public String upLine() {
                return checker.upLine();
            }

            @Override
            public String downLine(long retries, ProbeResult.Failure lastFailure) {
                return checker.downLine(retries, lastFailure);
            }

            @Override
            public List<String> warnings() {
                return checker.warnings();
            }
        };
    }

    private void record(CheckerId id, ProbeResult r, long start) {
        long end = clock.getAsLong();
        boolean ok = r instanceof ProbeResult.Success;
        String message = switch (r) {
            case ProbeResult.Success s -> "ok";
            case ProbeResult.Failure f -> f.line();
        };
        last.compute(id, (k, p) -> new Probe(ok, message, end - start, end, (p == null ? 0 : p.probes()) + 1,
                (p == null ? 0 : p.failures()) + (ok ? 0 : 1)));
    }
}
