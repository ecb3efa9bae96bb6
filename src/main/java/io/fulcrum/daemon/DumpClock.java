package io.fulcrum.daemon;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The moment a dump is taken: wall-clock time and the monotonic nanoseconds read together, so the instances'
 * monotonic timestamps can be shown as keepalived shows them ({@code 1795285637.962930 (Sat Nov 21 ...)}).
 */
record DumpClock(Instant wallNow, long nanoNow, ZoneId zone) {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss.SSSSSS yyyy", Locale.ROOT);

    /** The wall-clock time of the monotonic {@code nanos}. */
    Instant wallOf(long nanos) {
        return wallNow.minusNanos(nanoNow - nanos);
    }

    /** keepalived's {@code seconds.micros} with six decimals. */
    static String epochMicros(Instant at) {
        return at.getEpochSecond() + "." + String.format(Locale.ROOT, "%06d", at.getNano() / 1000);
    }

    /** keepalived's {@code seconds.micros (Sat Nov 21 18:27:17.962930 2026)}. */
    String stamp(Instant at) {
        return epochMicros(at) + " (" + ZonedDateTime.ofInstant(at, zone).format(STAMP) + ")";
    }
}
