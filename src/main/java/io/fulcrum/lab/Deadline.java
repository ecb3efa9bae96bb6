package io.fulcrum.lab;

import java.time.Duration;

/** Polling with a deadline: the lab waits for conditions, never for fixed times. */
final class Deadline {

    /** How often conditions are polled. */
    static final Duration POLL = Duration.ofMillis(100);

    private final long start;
    private final long end;

    private Deadline(Duration within) {
        start = System.nanoTime();
        end = start + within.toNanos();
    }

    static Deadline in(Duration within) {
        return new Deadline(within);
    }

    boolean passed() {
        return System.nanoTime() - end > 0;
    }

    /** Time since this deadline was set. */
    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** A condition polled until it holds. */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws LabException;
    }

    /** Polls {@code c} every {@link #POLL} until it holds (true) or the deadline passes (false). */
    boolean await(Condition c) throws LabException, InterruptedException {
        while (true) {
            if (c.holds()) {
                return true;
            }
            if (passed()) {
                return false;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** "3.6 s" */
    static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
