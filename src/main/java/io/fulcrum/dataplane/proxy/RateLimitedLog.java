package io.fulcrum.dataplane.proxy;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/** Passes at most one line per interval to the log (fault storms such as EMFILE must not flood it). */
final class RateLimitedLog {

    private final LongSupplier nanoTime;
    private final Consumer<String> log;
    private final long intervalNanos;
    private final AtomicLong next;

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
            return false;
        }
        log.accept(line);
        return true;
    }
}
