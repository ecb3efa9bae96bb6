package io.fulcrum.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The syslog facilities {@code fulcrum run --log-facility} accepts: keepalived's {@code -S 0..7} (local0..local7)
 * and {@code daemon}, its default.
 */
public enum SyslogFacility {
    DAEMON(3), LOCAL0(16), LOCAL1(17), LOCAL2(18), LOCAL3(19), LOCAL4(20), LOCAL5(21), LOCAL6(22), LOCAL7(23);

    private final int code;

    SyslogFacility(int code) {
        this.code = code;
    }

    /** The facility's number (RFC 3164): the priority is {@code code * 8 + severity}. */
    public int code() {
        return code;
    }

    /** {@code daemon}, {@code local0}..{@code local7} in any case, or keepalived's {@code 0}..{@code 7}. */
    public static Optional<SyslogFacility> parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.length() == 1 && t.charAt(0) >= '0' && t.charAt(0) <= '7') {
            t = "LOCAL" + t;
        }
        String name = t;
        return Arrays.stream(values()).filter(f -> f.name().equals(name)).findFirst();
    }

    /** The accepted names, for messages: {@code daemon, local0, ..., local7}. */
    public static String names() {
        return Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }
}
