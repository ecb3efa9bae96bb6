package io.fulcrum.daemon;

import io.fulcrum.cli.DaemonLauncher;
import io.fulcrum.cli.Env;
import io.fulcrum.cli.RunSettings;
import io.fulcrum.cli.ReloadOnSignal;
import io.fulcrum.cli.StopOnSignal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code fulcrum run}: the daemon in the foreground until SIGTERM or SIGINT; SIGHUP reloads its configuration. The JVM's shutdown hook stops it
 * cleanly (listeners closed, socket and lock file removed) and ends the process with status 0, as a daemon
 * stopped on request. {@code fulcrum demo} starts one in its own process with {@link #start}.
 */
final class ForegroundDaemon implements DaemonLauncher {

    private final String version;

    ForegroundDaemon(String version) {
        this.version = version;
    }

    @Override
    public int run(RunSettings settings, Env env) {
        DaemonLog log = new DaemonLog(env.out(), Clock.systemDefaultZone());
        Daemon daemon;
        try {
            daemon = Daemon.start(settings, version, ProcessHandle.current().pid(), log, System::nanoTime);
        } catch (DaemonStartException e) {
            env.err().println("fulcrum run: " + e.getMessage());
            return 1;
        }
        StopOnSignal.install("fulcrum-shutdown", env, () -> daemon.stop("signal"));
        ReloadOnSignal.install(() -> daemon.reloadLater("SIGHUP"));
        try {
            daemon.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            daemon.stop("interrupted");
        }
        return 0;
    }

    @Override
    public Running start(RunSettings settings, Consumer<String> log) throws StartFailure {
        Daemon daemon;
        try {
            daemon = Daemon.start(settings, version, ProcessHandle.current().pid(),
                    new DaemonLog(log, Clock.systemDefaultZone()), System::nanoTime);
        } catch (DaemonStartException e) {
            throw new StartFailure(e.getMessage());
        }
        return new Running() {
            @Override
            public Path socket() {
                return daemon.socketPath();
            }

            @Override
            public List<String> forwardingProblems() {
                return daemon.forwardingProblems();
            }

            @Override
            public void close() {
                daemon.stop("stopped by the command that started it");
            }
        };
    }
}
