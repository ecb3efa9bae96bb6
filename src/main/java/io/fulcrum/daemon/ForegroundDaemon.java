package io.fulcrum.daemon;

import io.fulcrum.cli.DaemonLauncher;
import io.fulcrum.cli.Env;
import io.fulcrum.cli.RunSettings;
import io.fulcrum.cli.StopOnSignal;
import io.fulcrum.control.DaemonSignal;
import io.fulcrum.nativeio.NativeException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * {@code fulcrum run}: the daemon in the foreground until SIGTERM or SIGINT; SIGHUP reloads its configuration. The JVM's shutdown hook stops it
 * cleanly (listeners closed, socket and lock file removed) and ends the process with status 0, as a daemon
 * stopped on request. {@code fulcrum demo} starts one in its own process with {@link #start}.
 */
final class ForegroundDaemon implements DaemonLauncher {

    /** The signals {@code fulcrum run} reloads (SIGHUP) and writes keepalived's dumps on. */
    static final List<DaemonSignal> SIGNALS = List.of(DaemonSignal.RELOAD, DaemonSignal.DATA, DaemonSignal.STATS,
            DaemonSignal.JSON, DaemonSignal.STATS_CLEAR);

    private final String version;

    ForegroundDaemon(String version) {
        this.version = version;
    }

    @Override
    public int run(RunSettings settings, Env env) {
        DaemonLog stdout = new DaemonLog(env.out(), Clock.systemDefaultZone());
        long pid = ProcessHandle.current().pid();
        Optional<SyslogSink> syslog = Optional.empty();
        if (settings.logging().syslog()) {
            try {
                DaemonLog stderr = new DaemonLog(env.err(), Clock.systemDefaultZone());
                syslog = Optional.of(SyslogSink.open(settings.logging(), pid, Clock.systemDefaultZone(), stderr));
            } catch (NativeException e) {
                env.err().println("fulcrum run: --log-syslog: cannot open a Unix datagram socket (" + e.getMessage()
                        + "); start without --log-syslog");
                return 1;
            }
        }
        DaemonLog log = syslog.map(DaemonLog::unstamped).orElse(stdout);
        if (syslog.isPresent()) {
            stdout.accept("Logging to syslog: " + settings.logging().socket() + ", facility "
                    + settings.logging().facility().name().toLowerCase(java.util.Locale.ROOT) + ", as "
                    + SyslogSink.PROGRAM + "[" + pid + "]");
        }
        // installed before the start, so that such a signal during it is not the signal's default action (the end)
        AtomicReference<Daemon> running = new AtomicReference<>();
        SignalHandlers.install(SIGNALS.stream().collect(Collectors.toMap(s -> s, s -> () -> {
            Daemon d = running.get();
            if (d == null) {
                log.accept("SIG" + s.signalName() + " (" + s + ") during the start: ignored");
            } else if (s == DaemonSignal.RELOAD) {
                d.reloadLater("SIGHUP");
            } else {
                d.dumpOnSignal(s);
            }
        }, (a, b) -> a, () -> new EnumMap<>(DaemonSignal.class))), env.variables(), log);
        Daemon daemon;
        try {
            daemon = Daemon.start(settings, version, pid, log, System::nanoTime);
            running.set(daemon);
        } catch (DaemonStartException e) {
            env.err().println("fulcrum run: " + e.getMessage());
            syslog.ifPresent(SyslogSink::close);
            return 1;
        }
        StopOnSignal.install("fulcrum-shutdown", env, () -> daemon.stop("signal"));
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
