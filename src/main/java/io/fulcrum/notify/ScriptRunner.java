package io.fulcrum.notify;

import io.fulcrum.config.model.RunAs;
import io.fulcrum.config.model.ScriptSpec;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Runs scripts the way keepalived does (notify.c), without a shell: the argv as configured, as its user and group
 * (through {@code setpriv} when that differs from ours, which needs root), standard input from /dev/null, output
 * drained to the log (bounded), IFS, LD_PRELOAD and LD_LIBRARY_PATH removed from the environment. A run that passes
 * its timeout is killed with every process it started.
 *
 * <p>Three ways to run: {@link #run} waits (MISC_CHECK); {@link #fire} never blocks its caller and runs on a
 * virtual thread, at most {@code maxConcurrent} at once (notify scripts); {@link #start} starts a long-lived reader
 * (notify FIFO scripts) and hands back its handle. Deadlines are measured with the injected monotonic clock.
 */
public final class ScriptRunner implements AutoCloseable {

    private static final File DEV_NULL = new File("/dev/null");
    private static final int QUEUE_FACTOR = 16;

    private final ScriptCommand commands;
    private final LongSupplier nanoTime;
    private final Consumer<String> log;
    private final Semaphore permits;
    private final int maxWaiting;
    private final AtomicInteger waiting = new AtomicInteger();
    private final Set<Process> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param scriptUser    global_defs {@code script_user}: the user of scripts that name none (empty: keepalived's
     *                      default, {@code keepalived_script} when it exists, else ourselves)
     * @param nanoTime      monotonic time in nanoseconds (System::nanoTime in the daemon)
     * @param log           where script output and notify-script failures go
     * @param maxConcurrent how many {@link #fire fired} scripts may run at once; more wait (up to 16 times as many,
     *                      beyond that they are dropped with a log line)
     */
    public ScriptRunner(Optional<RunAs> scriptUser, LongSupplier nanoTime, Consumer<String> log, int maxConcurrent) {
        this(new ScriptUsers(), scriptUser, nanoTime, log, maxConcurrent);
    }

    ScriptRunner(ScriptUsers users, Optional<RunAs> scriptUser, LongSupplier nanoTime, Consumer<String> log,
            int maxConcurrent) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1");
        }
        this.commands = new ScriptCommand(users, Objects.requireNonNull(scriptUser, "scriptUser"));
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.log = Objects.requireNonNull(log, "log");
        this.permits = new Semaphore(maxConcurrent);
        this.maxWaiting = maxConcurrent * QUEUE_FACTOR;
    }

    /**
     * Runs {@code script} and waits for it, at most {@code timeout}.
     *
     * @throws InterruptedException when the calling thread is interrupted; the script's process tree is killed first
     */
    public ScriptEnd run(ScriptSpec script, Duration timeout) throws InterruptedException {
        long start = nanoTime.getAsLong();
        Launched launched;
        switch (launch(script)) {
            case Launch.Failed f -> {
                return f.end();
            }
            case Launched l -> launched = l;
        }
        Process process = launched.process();
        try {
            long deadline = start + timeout.toNanos();
            while (true) {
                long left = deadline - nanoTime.getAsLong();
                if (left <= 0) {
                    ProcessTree.kill(process.toHandle());
                    process.waitFor(2, TimeUnit.SECONDS);
                    return new ScriptEnd.TimedOut();
                }
                if (process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    launched.output().awaitEnd(200);
                    return new ScriptEnd.Exited(process.exitValue());
                }
            }
        } catch (InterruptedException e) {
            ProcessTree.kill(process.toHandle());
            throw e;
        } finally {
            live.remove(process);
        }
    }

    /**
     * Runs {@code script} on a virtual thread and returns at once; the future completes with how it ended. A
     * script that cannot start, or times out, is also logged (nobody waits for notify scripts).
     */
    public CompletableFuture<ScriptEnd> fire(ScriptSpec script, Duration timeout) {
        CompletableFuture<ScriptEnd> done = new CompletableFuture<>();
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            String reason = "too many scripts running or waiting (" + maxWaiting + ")";
            log.accept("Not running script " + script.commandString() + ": " + reason);
            done.complete(new ScriptEnd.NotStarted(reason));
            return done;
        }
        Thread.ofVirtual().name("script").start(() -> {
            try {
                permits.acquire();
                try {
                    ScriptEnd end = run(script, timeout);
                    report(script, timeout, end);
                    done.complete(end);
                } finally {
                    permits.release();
                }
            } catch (InterruptedException e) {
                done.complete(new ScriptEnd.NotStarted("interrupted"));
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            } finally {
                waiting.decrementAndGet();
            }
        });
        return done;
    }

    private void report(ScriptSpec script, Duration timeout, ScriptEnd end) {
        switch (end) {
            case ScriptEnd.NotStarted n -> log.accept("Unable to run script " + script.commandString() + ": "
                    + n.reason());
            case ScriptEnd.TimedOut t -> log.accept("Script " + script.program() + " timed out after "
                    + timeout.toMillis() / 1000.0 + "s - killed");
            case ScriptEnd.Exited x -> {
                // keepalived does not look at a notify script's exit status either
            }
        }
    }

    /** Starts a long-lived script (a notify FIFO reader) with no timeout; stop it with {@link RunningScript#stop}. */
    public RunningScript start(ScriptSpec script) {
        return switch (launch(script)) {
            case Launch.Failed f -> RunningScript.ended(f.end());
            case Launched l -> RunningScript.of(l.process(), () -> live.remove(l.process()));
        };
    }

    /** What starting a script gave. */
    private sealed interface Launch permits Launch.Failed, Launched {
        record Failed(ScriptEnd end) implements Launch {
        }
    }

    private record Launched(Process process, OutputDrain output) implements Launch {
    }

    private Launch launch(ScriptSpec script) {
        if (closed) {
            return new Launch.Failed(new ScriptEnd.NotStarted("the script runner is closed"));
        }
        ScriptCommand.Prepared prepared = commands.prepare(script);
        return switch (prepared) {
            case ScriptCommand.Prepared.Refused r -> new Launch.Failed(new ScriptEnd.NotStarted(r.reason()));
            case ScriptCommand.Prepared.Ready ready -> spawn(ready);
        };
    }

    private Launch spawn(ScriptCommand.Prepared.Ready ready) {
        ProcessBuilder pb = new ProcessBuilder(ready.argv()).redirectInput(DEV_NULL).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("IFS");
        env.remove("LD_PRELOAD");
        env.remove("LD_LIBRARY_PATH");
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            return new Launch.Failed(new ScriptEnd.NotStarted("Error exec-ing command '" + ready.program() + "': "
                    + e.getMessage()));
        }
        live.add(process);
        return new Launched(process, OutputDrain.start(process.getInputStream(), ready.program(), log));
    }

    /** Refuses new scripts and kills every script still running (with their children). */
    @Override
    public void close() {
        closed = true;
        for (Process p : live) {
            ProcessTree.kill(p.toHandle());
        }
        live.clear();
    }
}
