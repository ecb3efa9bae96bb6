package io.fulcrum.daemon;

/** Allows one event per interval (for log lines a flood could repeat); thread-safe. */
final class RateLimiter {

    private final long intervalNanos;
    private long last;
    private boolean any;

    RateLimiter(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    synchronized boolean allow() {
        long now = System.nanoTime();
        if (any && now - last < intervalNanos) {
            return false;
        }
        any = true;
        last = now;
        return true;
    }
}
