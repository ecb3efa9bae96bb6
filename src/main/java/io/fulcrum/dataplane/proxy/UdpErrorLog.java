package io.fulcrum.dataplane.proxy;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Log lines about failures of one listener, at most one per interval: a dead real server or a flood of bad
 * clients must not flood the log. A line after a quiet spell says how many were held back. Used on the listener's
 * event loop only.
 */
final class UdpErrorLog {

    private final String prefix;
    private final Consumer<String> log;
    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private boolean logged;
    private long next;
    private long suppressed;

    UdpErrorLog(String prefix, Consumer<String> log, LongSupplier nanoTime, long intervalNanos) {
        this.prefix = prefix;
        this.log = log;
        this.nanoTime = nanoTime;
        this.intervalNanos = intervalNanos;
    }

    void report(String what) {
        long now = nanoTime.getAsLong();
        if (logged && now - next < 0) {
            suppressed++;
            return;
        }
        String more = suppressed > 0 ? " (and " + suppressed + " more since the last report)" : "";
        log.accept(prefix + ": " + what + more);
        logged = true;
        next = now + intervalNanos;
        suppressed = 0;
    }
}
