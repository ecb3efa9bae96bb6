package io.fulcrum.daemon;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Consumer;

/** The daemon's log: one line per event on stdout, stamped like keepalived's console log. */
final class DaemonLog implements Consumer<String> {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

    private final PrintWriter out;
    private final Clock wallClock;

    DaemonLog(PrintWriter out, Clock wallClock) {
        this.out = out;
        this.wallClock = wallClock;
    }

    @Override
    public void accept(String line) {
        String stamp = ZonedDateTime.now(wallClock).format(STAMP);
        synchronized (out) {
            out.println(stamp + ": " + line);
            out.flush();
        }
    }
}
