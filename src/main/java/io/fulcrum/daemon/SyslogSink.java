package io.fulcrum.daemon;

import io.fulcrum.cli.LogSettings;
import io.fulcrum.nativeio.NativeException;
import io.fulcrum.nativeio.UnixDatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The daemon's log as syslog gets it from keepalived (glibc's {@code syslog(3)} with {@code LOG_PID}): one RFC 3164
 * datagram per line, {@code <PRI>Mmm dd hh:mm:ss Fulcrum[PID]: line}, severity info, sent to {@code /dev/log}
 * (journald's socket under systemd). A line that cannot be sent goes to {@code fallback} (stderr) instead, with
 * the reason said once each time sending starts failing.
 */
final class SyslogSink implements Consumer<String>, AutoCloseable {

    static final String PROGRAM = "Fulcrum";
    /** LOG_INFO. */
    static final int SEVERITY_INFO = 6;
    /** Longer lines are cut (the datagram must fit the receiver's buffer). */
    static final int MAX_MESSAGE_BYTES = 2048;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);

    private final UnixDatagramSocket socket;
    private final Path target;
    private final int priority;
    private final long pid;
    private final Clock wallClock;
    private final Consumer<String> fallback;
    private boolean failing;

    private SyslogSink(UnixDatagramSocket socket, Path target, int priority, long pid, Clock wallClock,
            Consumer<String> fallback) {
        this.socket = socket;
        this.target = target;
        this.priority = priority;
        this.pid = pid;
        this.wallClock = wallClock;
        this.fallback = fallback;
    }

    /** Opens the sending socket; {@link NativeException} when even that is impossible. */
    static SyslogSink open(LogSettings settings, long pid, Clock wallClock, Consumer<String> fallback)
            throws NativeException {
        return new SyslogSink(UnixDatagramSocket.open(), settings.socket(),
                settings.facility().code() * 8 + SEVERITY_INFO, pid, wallClock, fallback);
    }

    /** The datagram for {@code line} at {@code now}. */
    static String datagram(int priority, ZonedDateTime now, long pid, String line) {
        return "<" + priority + ">" + now.format(STAMP) + " " + PROGRAM + "[" + pid + "]: " + line;
    }

    @Override
    public synchronized void accept(String line) {
        byte[] data = datagram(priority, ZonedDateTime.now(wallClock), pid, line).getBytes(StandardCharsets.UTF_8);
        if (data.length > MAX_MESSAGE_BYTES) {
            data = java.util.Arrays.copyOf(data, MAX_MESSAGE_BYTES);
        }
        try {
            socket.send(target, data);
            if (failing) {
                failing = false;
                fallback.accept("syslog: sending to " + target + " works again");
            }
        } catch (NativeException | IllegalArgumentException e) {
            if (!failing) {
                failing = true;
                fallback.accept("syslog: cannot send to " + target + " (" + e.getMessage() + "); logging here"
                        + " until it works again");
            }
            fallback.accept(line);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
