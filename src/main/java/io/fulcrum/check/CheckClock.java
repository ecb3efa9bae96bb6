package io.fulcrum.check;

/**
 * The monotonic time source of {@link CheckRunner}, injected by the daemon (a real one over the system's monotonic
 * clock); tests pass a real one too, with short timings. Probe deadlines are measured with it and waited for with
 * timed waits, so it must advance with real time.
 */
public interface CheckClock {

    /** Monotonic nanoseconds (any origin). */
    long nanos();

    /** Returns once {@link #nanos()} has reached {@code deadlineNanos} (at once when it has); interruptible. */
    void sleepUntil(long deadlineNanos) throws InterruptedException;
}
