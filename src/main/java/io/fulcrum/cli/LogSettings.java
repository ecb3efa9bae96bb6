package io.fulcrum.cli;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where {@code fulcrum run} logs: stdout (the default), or syslog ({@code --log-syslog}, keepalived's {@code -S}):
 * RFC 3164 datagrams to {@code socket} ({@code /dev/log}, which journald serves under systemd) with the facility.
 */
public record LogSettings(boolean syslog, SyslogFacility facility, Path socket) {

    /** syslog's socket on Linux. */
    public static final Path DEV_LOG = Path.of("/dev/log");
    /** Lines to stdout. */
    public static final LogSettings STDOUT = new LogSettings(false, SyslogFacility.DAEMON, DEV_LOG);

    public LogSettings {
        Objects.requireNonNull(facility, "facility");
        Objects.requireNonNull(socket, "socket");
    }
}
