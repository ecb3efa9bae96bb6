package io.fulcrum.vrrp;

import io.fulcrum.config.model.VrrpScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result state of one {@code vrrp_script} from its runs, with keepalived's rise/fall counting
 * (vrrp_scheduler.c, {@code vrrp_script_child_thread}): a counter in {@code 0..rise+fall-1}, OK from {@code rise}
 * up. Before its first run a script is in no state, and that first run decides either way ("one success is
 * enough"); with {@code init_fail} it starts failed and needs {@code rise} successes. Returns the log lines
 * keepalived writes.
 *
 * <p>Not thread-safe: one owner feeds it the results in order.
 */
public final class ScriptTracker {

    /** How one run of the script ended. */
    public sealed interface RunResult {

        /** The script exited with this status (0 = success). */
        record Exited(int status) implements RunResult {
        }

        /** The script was killed by this signal (not by us). */
        record Signalled(int signal) implements RunResult {
        }

        /** The script overran its timeout and was terminated. */
        record TimedOut() implements RunResult {
        }
    }

    /**
     * What one run changed.
     *
     * @param changed whether the script moved between OK and failed (or out of its initial no-state)
     * @param value   the script's state after the run
     * @param lines   keepalived's log lines for the run, in order
     */
    public record Update(boolean changed, TrackedValue value, List<String> lines) {
        public Update {
            Objects.requireNonNull(value, "value");
            lines = List.copyOf(lines);
        }
    }

    private final VrrpScript script;
    private final int max;
    private int result;
    private boolean initial;
    private int lastStatus;

    public ScriptTracker(VrrpScript script) {
        this.script = Objects.requireNonNull(script, "script");
        this.max = script.rise() + script.fall() - 1;
        this.initial = !script.initFail();
        this.result = script.initFail() ? 0 : script.rise() - 1;
    }

    public String name() {
        return script.name();
    }

    /** The script's state, or empty before the first run of a script without {@code init_fail}. */
    public Optional<TrackedValue> value() {
        return initial ? Optional.empty() : Optional.of(current());
    }

    /** Counts one run. */
    public Update record(RunResult run) {
        Objects.requireNonNull(run, "run");
        List<String> lines = new ArrayList<>();
        String prefix = "VRRP_Script(" + script.name() + ") ";
        boolean success = false;
        String failure = "";
        switch (run) {
            case RunResult.Exited(int status) -> {
                if (status != lastStatus) {
                    lines.add("Script `" + script.name() + "` now returning " + status);
                }
                lastStatus = status;
                success = status == 0;
                failure = "failed (exited with status " + status + ")";
            }
            case RunResult.Signalled(int signal) -> failure = "failed (due to signal " + signal + ")";
            case RunResult.TimedOut() -> failure = "timed_out";
        }
        boolean changed = false;
        int rise = script.rise();
        if (success) {
            if (result < rise - 1) {
                result++;
            } else if (result != max) {
                if (result < rise) {
                    lines.add(prefix + "succeeded");
                    changed = true;
                }
                result = max;
            }
        } else if (result > rise) {
            result--;
        } else {
            if (result == rise || initial) {
                lines.add(prefix + failure);
                changed = true;
            }
            result = 0;
        }
        initial = false;
        return new Update(changed, current(), lines);
    }

    private TrackedValue current() {
        return TrackedValue.of(result >= script.rise());
    }
}
