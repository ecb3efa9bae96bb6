package io.fulcrum.control;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The signals a running daemon answers, under keepalived's names for {@code keepalived --signum=NAME}, with the
 * numbers keepalived 2.2.7 gives on Linux/glibc (the real-time ones are SIGRTMIN = 34 based). {@code fulcrum signum}
 * prints them; {@code fulcrum run} handles them.
 */
public enum DaemonSignal {
    /** Re-read the configuration. */
    RELOAD(1, "HUP"),
    /** Write the data dump (keepalived.data). */
    DATA(10, "USR1"),
    /** Write the stats dump (keepalived.stats). */
    STATS(12, "USR2"),
    /** Stop. */
    STOP(15, "TERM"),
    /** Write the JSON dump (keepalived.json). */
    JSON(36, "RTMIN+2"),
    /** Write the stats dump, then set the counters back to zero. */
    STATS_CLEAR(63, "RTMAX-1");

    private final int number;
    private final String signalName;

    DaemonSignal(int number, String signalName) {
        this.number = number;
        this.signalName = signalName;
    }

    /** The signal's number on Linux (x86-64 and arm64 alike). */
    public int number() {
        return number;
    }

    /** The signal's name without {@code SIG}: {@code USR1}, {@code RTMIN+2}. */
    public String signalName() {
        return signalName;
    }

    /** Whether it is a real-time signal, which the JVM does not know by name. */
    public boolean realTime() {
        return signalName.startsWith("RT");
    }

    /** By keepalived's name, in any case: {@code DATA}, {@code json}. */
    public static Optional<DaemonSignal> byName(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.name().equals(upper)).findFirst();
    }
}
