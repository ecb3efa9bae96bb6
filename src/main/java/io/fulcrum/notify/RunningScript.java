package io.fulcrum.notify;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A long-lived script started by {@link ScriptRunner#start}: its end, and a way to stop it. */
public final class RunningScript {

    private final Optional<Process> process;
    private final CompletableFuture<ScriptEnd> end;

    private RunningScript(Optional<Process> process, CompletableFuture<ScriptEnd> end) {
        this.process = process;
        this.end = end;
    }

    static RunningScript of(Process process, Runnable onExit) {
        CompletableFuture<ScriptEnd> end = process.onExit().thenApply(p -> {
            onExit.run();
            return (ScriptEnd) new ScriptEnd.Exited(p.exitValue());
        });
        return new RunningScript(Optional.of(process), end);
    }

    static RunningScript ended(ScriptEnd end) {
        return new RunningScript(Optional.empty(), CompletableFuture.completedFuture(end));
    }

    /** Completes when the script has ended (at once for a script that could not start). */
    public CompletableFuture<ScriptEnd> end() {
        return end;
    }

    /** The process id, while it was started. */
    public Optional<Long> pid() {
        return process.map(Process::pid);
    }

    /** Kills the script and everything it started; does nothing when it already ended. */
    public void stop() {
        process.filter(Process::isAlive).ifPresent(p -> ProcessTree.kill(p.toHandle()));
    }
}
