package io.fulcrum.daemon;

import io.fulcrum.check.ProgramRunner;
import io.fulcrum.config.model.ScriptSpec;
import io.fulcrum.notify.ScriptEnd;
import io.fulcrum.notify.ScriptRunner;
import java.time.Duration;
import java.util.Objects;

/**
 * MISC_CHECK's port over {@code notify}'s {@link ScriptRunner}: no shell, the script's user, a hard timeout that
 * kills the process tree. The JDK folds a death by signal into exit status 128 + signal, so
 * {@link ProgramRunner.Outcome.Signalled} is never reported: such a program is {@code Exited(128 + n)}, a failure
 * (or, with misc_dynamic, a weight of 126 + n, as keepalived would also read a shell's 128 + n).
 */
public final class NotifyPrograms implements ProgramRunner {

    private final ScriptRunner scripts;

    public NotifyPrograms(ScriptRunner scripts) {
        this.scripts = Objects.requireNonNull(scripts, "scripts");
    }

    @Override
    public Outcome run(ScriptSpec script, Duration timeout) throws InterruptedException {
        return switch (scripts.run(script, timeout)) {
            case ScriptEnd.Exited e -> new Outcome.Exited(e.status());
            case ScriptEnd.TimedOut t -> new Outcome.TimedOut();
            case ScriptEnd.NotStarted n -> new Outcome.NotStarted(n.reason());
        };
    }
}
