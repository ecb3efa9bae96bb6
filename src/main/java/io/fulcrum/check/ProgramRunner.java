package io.fulcrum.check;

import io.fulcrum.config.model.ScriptSpec;
import java.time.Duration;

/**
 * The port through which MISC_CHECK runs its program (implemented in the daemon by {@code notify}'s script
 * runner: argv without a shell, the configured user, a hard timeout).
 */
public interface ProgramRunner {

    /** How a run ended. */
    sealed interface Outcome {
        /** The program exited with {@code status} (0..255). */
        record Exited(int status) implements Outcome {
        }

        /** Killed by {@code signal} (not by the runner's timeout). */
        record Signalled(int signal) implements Outcome {
        }

        /** It ran longer than the timeout and was killed (its whole process group). */
        record TimedOut() implements Outcome {
        }

        /** It could not be started: missing, not executable, unknown user, ... */
        record NotStarted(String reason) implements Outcome {
        }
    }

    /** Runs {@code script} and waits at most {@code timeout} for it; interruption kills it and is rethrown. */
    Outcome run(ScriptSpec script, Duration timeout) throws InterruptedException;
}
