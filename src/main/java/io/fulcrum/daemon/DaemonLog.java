package io.fulcrum.daemon;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Consumer;

/** The daemon's log: one line per event (on stdout for {@code fulcrum run}), stamped like keepalived's console log. */
final class DaemonLog implements Consumer<String> {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

    private final Consumer<String> sink;
    private final Clock wallClock;
    private final boolean stamped;

    DaemonLog(PrintWriter out, Clock wallClock) {
        this(line -> {
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        }, wallClock);
    }

    /** Stamped lines to {@code sink}, which may be called from any thread. */
    DaemonLog(Consumer<String> sink, Clock wallClock) {
        this(sink, wallClock, true);
    }

    private DaemonLog(Consumer<String> sink, Clock wallClock, boolean stamped) {
        this.sink = sink;
        this.wallClock = wallClock;
        this.stamped = stamped;
    }

    /** Lines to {@code sink} as they are: a sink that stamps them itself ({@link SyslogSink}). */
    static DaemonLog unstamped(Consumer<String> sink) {
        return new DaemonLog(sink, Clock.systemUTC(), false);
    }

    @Override
    public void accept(String line) {
        sink.accept(stamped ? ZonedDateTime.now(wallClock).format(STAMP) + ": " + line : line);
    }
}
