package io.fulcrum.config.model;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * {@code MISC_CHECK}: runs a program; exit 0 is up, 1 is down; with misc_dynamic 2..255 is up with weight
 * (status - 2).
 *
 * @param script         misc_path with its arguments, and the user/group to run it as ({@code user})
 * @param timeoutSeconds misc_timeout 1..4294; empty = the virtual server's delay_loop (keepalived's rule)
 * @param dynamic        misc_dynamic
 */
public record MiscCheck(CheckerOptions options, ScriptSpec script, OptionalInt timeoutSeconds, boolean dynamic)
        implements CheckerSpec {

    /** Largest misc_timeout (UINT_MAX / TIMER_HZ). */
    public static final int MAX_TIMEOUT = 4294;

    public MiscCheck {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(timeoutSeconds, "timeoutSeconds");
        if (options.connection().isPresent()) {
            throw new IllegalArgumentException("MISC_CHECK has no connection options");
        }
        if (timeoutSeconds.isPresent() && (timeoutSeconds.getAsInt() < 1 || timeoutSeconds.getAsInt() > MAX_TIMEOUT)) {
            throw new IllegalArgumentException("misc_timeout out of range 1.." + MAX_TIMEOUT);
        }
    }

    @Override
    public String keyword() {
        return "MISC_CHECK";
    }
}
