package io.fulcrum.dataplane.proxy;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Passes at most one line per interval to the log (fault storms such as EMFILE must not flood it); a line that
 * follows suppressed ones says how many were left out.
 */
final class RateLimitedLog {

    private final LongSupplier nanoTime;
    private final Consumer<String> log;
    private final long intervalNanos;
    private final AtomicLong next;
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(LongSupplier nanoTime, Consumer<String> log, long intervalNanos) {
        this.nanoTime = nanoTime;
        this.log = log;
        this.intervalNanos = intervalNanos;
        this.next = new AtomicLong(nanoTime.getAsLong());
    }

    /** Logs {@code line} unless a line was logged less than an interval ago; true when it was logged. */
    boolean log(String line) {
        long now = nanoTime.getAsLong();
        long due = next.get();
        if (now - due < 0 || !next.compareAndSet(due, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return false;
        }
        long left = suppressed.getAndSet(0);
        log.accept(left > 0 ? line + " (and " + left + " more since the last report)" : line);
        return true;
    }
}
