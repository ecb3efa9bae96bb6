package io.fulcrum.realserver;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The process running a decapsulator: recorded by {@code start --decap}, ended by {@code stop}. */
public final class DecapProcess {

    private DecapProcess() {
    }

    /** The record of this process as the decapsulator of {@code device}. */
    public static DecapRecord current(String device) {
        ProcessHandle self = ProcessHandle.current();
        return new DecapRecord(device, self.pid(), startOf(self));
    }

    private static String startOf(ProcessHandle h) {
        return h.info().startInstant().map(Object::toString).orElse("");
    }

    /** The recorded process, when it still runs (same id and start time) and is not this one. */
    public static Optional<ProcessHandle> running(DecapRecord r) {
        return ProcessHandle.of(r.pid()).filter(ProcessHandle::isAlive)
                .filter(h -> h.pid() != ProcessHandle.current().pid())
                .filter(h -> r.processStart().isEmpty() || startOf(h).equals(r.processStart()));
    }

    /** Sends SIGTERM and waits up to {@code timeout} for the process to end; whether it did. */
    public static boolean terminate(ProcessHandle h, Duration timeout) throws InterruptedException {
        h.destroy();
        try {
            h.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !h.isAlive();
        }
    }
}
