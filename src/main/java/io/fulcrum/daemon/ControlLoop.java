package io.fulcrum.daemon;

import io.fulcrum.control.ControlRequest;
import io.fulcrum.control.ControlResponse;
import io.fulcrum.control.Errno;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The one owner thread of the running table: control requests from any thread are queued and applied here in
 * arrival order, and between them the periodic work runs every {@code periodNanos}. A failing request or tick
 * is answered (or logged) and the loop goes on.
 */
final class ControlLoop implements AutoCloseable {

    /** How long a caller waits for its answer before giving up. */
    static final long ANSWER_TIMEOUT_SECONDS = 30;

    /** Work for the loop: a control request to answer, or an event (a health report) to apply. */
    private sealed interface Work {
    }

    private record Task(ControlRequest request, CompletableFuture<ControlResponse> answer) implements Work {
    }

    private record Event(String what, Runnable action) implements Work {
    }

    private final LiveTable live;
    private final LongSupplier nanoClock;
    private final long periodNanos;
    private final Consumer<String> log;
    private final BlockingQueue<Work> queue = new LinkedBlockingQueue<>();
    private final Set<String> tickFailuresLogged = new HashSet<>();
    private final Thread thread;
    private volatile boolean running = true;

    ControlLoop(LiveTable live, LongSupplier nanoClock, long periodNanos, Consumer<String> log) {
        this.live = live;
        this.nanoClock = nanoClock;
        this.periodNanos = periodNanos;
        this.log = log;
        this.thread = Thread.ofPlatform().name("fulcrum-control-loop").daemon(false).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Applies a request on the loop's thread and returns its answer (from any thread). */
    ControlResponse call(ControlRequest request) {
        if (!running) {
            return stopping();
        }
        Task t = new Task(request, new CompletableFuture<>());
        queue.add(t);
        if (!running && queue.remove(t)) {
            return stopping();
        }
        try {
            return t.answer().get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return stopping();
        } catch (TimeoutException e) {
            return ControlResponse.error(Errno.EIO, "the daemon did not answer within " + ANSWER_TIMEOUT_SECONDS
                    + " s");
        } catch (ExecutionException e) {
            return ControlResponse.error(Errno.EIO, "internal error: " + e.getCause());
        }
    }

    /**
     * Runs {@code action} on the loop's thread, after the work queued before it (from any thread, never waiting).
     * A failing action is logged with {@code what}, and the loop goes on. Events posted while stopping are dropped.
     */
    void post(String what, Runnable action) {
        if (running) {
            queue.add(new Event(what, action));
        }
    }

    private static ControlResponse stopping() {
        return ControlResponse.error(Errno.EIO, "the daemon is stopping");
    }

    private void run() {
        long next = nanoClock.getAsLong() + periodNanos;
        while (running) {
            long wait = next - nanoClock.getAsLong();
            Work w;
            try {
                w = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
            } catch (InterruptedException e) {
                break;
            }
            switch (w) {
                case null -> {
                }
                case Task t -> t.answer().complete(apply(t.request()));
                case Event e -> event(e);
            }
            long now = nanoClock.getAsLong();
            if (now - next >= 0) {
                tick(now);
                next = now + periodNanos;
            }
        }
        answerStopping();
    }

    private void answerStopping() {
        for (Work w; (w = queue.poll()) != null; ) {
            if (w instanceof Task t) {
                t.answer().complete(stopping());
            }
        }
    }

    private void event(Event e) {
        try {
            e.action().run();
        } catch (RuntimeException ex) {
            log.accept("internal error applying " + e.what() + " (the loop goes on): " + ex);
        }
    }

    private ControlResponse apply(ControlRequest request) {
        try {
            return live.apply(request, nanoClock.getAsLong());
        } catch (RuntimeException e) {
            log.accept("internal error applying " + request.getClass().getSimpleName() + ": " + e);
            return ControlResponse.error(Errno.EIO, "internal error in the daemon applying "
                    + request.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void tick(long now) {
        try {
            live.tick(now);
        } catch (RuntimeException e) {
            // log each kind of failure once: a tick runs several times a second
            if (tickFailuresLogged.add(e.getClass().getName() + ": " + e.getMessage())) {
                log.accept("periodic table work failed (the loop goes on; logged once): " + e);
            }
        }
    }

    /** Stops the loop after the request being applied; queued requests are answered "stopping". */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        answerStopping();
    }
}
