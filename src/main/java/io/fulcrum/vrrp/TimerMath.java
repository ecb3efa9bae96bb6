package io.fulcrum.vrrp;

import java.time.Duration;

/**
 * keepalived's VRRP timer arithmetic ({@code VRRP_TIMER_SKEW} and {@code VRRP_MS_DOWN_TIMER} in vrrp.h), done in
 * whole microseconds with keepalived's integer divisions so that the results match it to the microsecond.
 */
final class TimerMath {

    static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_CENTISECOND = 10_000L;

    private TimerMath() {
    }

    /**
     * Skew_Time: v2 {@code (256 - priority) / 256} s; v3 {@code (256 - priority) * Master_Adver_Interval / 256}
     * with the interval counted in centiseconds ({@code * 625 / 16} = {@code * 10000 / 256}).
     */
    static long skewMicros(int version, int priority, long masterAdverIntMicros) {
        long p = 256L - priority;
        return version == 3
                ? p * (masterAdverIntMicros / MICROS_PER_CENTISECOND) * 625L / 16L
                : p * MICROS_PER_SECOND / 256L;
    }

    /** Master_Down_Interval: {@code down_timer_adverts * Master_Adver_Interval + Skew_Time}. */
    static long masterDownMicros(int version, int downTimerAdverts, int priority, long masterAdverIntMicros) {
        return downTimerAdverts * masterAdverIntMicros + skewMicros(version, priority, masterAdverIntMicros);
    }

    static long micros(Duration d) {
        return d.toNanos() / 1000L;
    }

    /** {@code now} plus a delay in microseconds, saturating instead of overflowing. */
    static long after(long now, long micros) {
        long nanos = Math.multiplyExact(micros, 1000L);
        long at = now + nanos;
        return ((now ^ at) & (nanos ^ at)) < 0 ? Long.MAX_VALUE : at;
    }
}
