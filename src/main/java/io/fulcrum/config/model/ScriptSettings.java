package io.fulcrum.config.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How and when global_defs scripts run.
 *
 * @param startupScript          {@code startup_script}: run once before anything starts
 * @param startupScriptTimeout   {@code startup_script_timeout} 1..1000 s [10]
 * @param shutdownScript         {@code shutdown_script}: run once after everything stopped
 * @param shutdownScriptTimeout  {@code shutdown_script_timeout} 1..1000 s [10]
 * @param scriptUser             {@code script_user}: default user for scripts [keepalived_script if it exists,
 *                               else root; resolved at run time]
 * @param enableScriptSecurity   {@code enable_script_security}: refuse scripts a non-root user could change
 */
public record ScriptSettings(Optional<ScriptSpec> startupScript, Duration startupScriptTimeout,
        Optional<ScriptSpec> shutdownScript, Duration shutdownScriptTimeout, Optional<RunAs> scriptUser,
        boolean enableScriptSecurity) {

    public ScriptSettings {
        Objects.requireNonNull(startupScript, "startupScript");
        Objects.requireNonNull(startupScriptTimeout, "startupScriptTimeout");
        Objects.requireNonNull(shutdownScript, "shutdownScript");
        Objects.requireNonNull(shutdownScriptTimeout, "shutdownScriptTimeout");
        Objects.requireNonNull(scriptUser, "scriptUser");
        checkTimeout("startup_script_timeout", startupScriptTimeout);
        checkTimeout("shutdown_script_timeout", shutdownScriptTimeout);
    }

    private static void checkTimeout(String what, Duration d) {
        if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofSeconds(1000)) > 0) {
            throw new IllegalArgumentException(what + " must be in [1, 1000] seconds");
        }
    }

    public static ScriptSettings defaults() {
        return new ScriptSettings(Optional.empty(), Defaults.STARTUP_SCRIPT_TIMEOUT, Optional.empty(),
                Defaults.SHUTDOWN_SCRIPT_TIMEOUT, Optional.empty(), false);
    }
}
