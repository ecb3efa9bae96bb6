package io.fulcrum.cli;

import io.fulcrum.lab.Lab;
import io.fulcrum.lab.LabException;
import io.fulcrum.lab.LabState;
import io.fulcrum.lab.LabStateStore;
import io.fulcrum.lab.LabTeardown;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fulcrum lab down}: removes a lab, a crashed one too; idempotent. */
@Command(name = "down", description = {
    "Remove the lab: its processes, its namespaces and what it wrote in its state directory.",
    "",
    "Also cleans up a lab of that name that crashed; doing it twice is no error."
})
final class LabDownCommand implements Callable<Integer> {

    private final Env env;

    @Mixin
    LabCommand.Where where = new LabCommand.Where();

    LabDownCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        if (!LabCommand.validName(env, "down", where.name)) {
            return ExitCodes.USAGE;
        }
        if (!LabCommand.needRoot(env, "down")) {
            return ExitCodes.FAILURE;
        }
        Optional<LabState> state = Optional.empty();
        try {
            state = new LabStateStore().load(where.dir());
        } catch (LabException e) {
            env.out().println("Note: " + e.getMessage() + " (removing the namespaces by name)");
        }
        try {
            List<String> removed = LabTeardown.removeNamespaces(where.name, state);
            boolean dirGone = LabTeardown.removeStateDir(where.dir());
            if (removed.isEmpty() && state.isEmpty()) {
                env.out().println("Lab " + where.name + " is not up: nothing to remove.");
            } else {
                env.out().println("Lab " + where.name + " removed: " + (removed.isEmpty() ? "no namespace was left"
                        : removed.size() + " namespaces (" + String.join(", ", removed) + ")")
                        + (dirGone ? "; state directory " + where.dir() + " removed" : "; " + where.dir()
                        + " kept (it holds files the lab did not write)") + ".");
            }
            return ExitCodes.OK;
        } catch (LabException e) {
            env.err().println("fulcrum lab down: " + e.getMessage());
            return ExitCodes.FAILURE;
        } finally {
            env.out().flush();
        }
    }
}
