package io.fulcrum.lab;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a backend serves and how it misbehaves. Invalid values raise {@link IllegalArgumentException} with a message
 * that names the {@code fulcrum backend} option.
 *
 * @param listen    the addresses to listen on (at least one)
 * @param text      the page's text; empty: {@code fulcrum backend ADDR:PORT}, naming the listener
 * @param status    the status of every page answer (200 unless a lab wants a steady 404 or 503)
 * @param failAfter how many GET/HEAD requests are answered normally before every later one gets {@code failure}
 * @param failure   the answer after {@code failAfter}
 * @param delay     how long each answer waits before it is sent
 * @param threads   event-loop threads
 * @param transport the socket layer
 */
public record BackendSettings(List<BackendAddress> listen, Optional<String> text, int status, OptionalLong failAfter,
        BackendFailure failure, Duration delay, int threads, BackendTransport transport) {

    public static final int DEFAULT_FAILURE_STATUS = 503;
    public static final Duration MAX_DELAY = Duration.ofMinutes(1);
    public static final int MAX_THREADS = 256;

    public BackendSettings {
        listen = List.copyOf(listen);
        if (listen.isEmpty()) {
            throw new IllegalArgumentException("a backend needs at least one address to listen on");
        }
        requireStatus("--status", status);
        if (failAfter.isPresent() && failAfter.getAsLong() < 0) {
            throw new IllegalArgumentException("--fail-after " + failAfter.getAsLong() + " is negative");
        }
        if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("--delay " + delay.toMillis() + " ms is outside 0-"
                    + MAX_DELAY.toMillis() + " ms");
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("--threads " + threads + " is outside 1-" + MAX_THREADS);
        }
    }

    /** A well-behaved backend on these addresses: status 200, no failures, no delay, one thread per CPU. */
    public static BackendSettings of(List<BackendAddress> listen) {
        return new BackendSettings(listen, Optional.empty(), 200, OptionalLong.empty(),
                new BackendFailure.Status(DEFAULT_FAILURE_STATUS), Duration.ZERO,
                defaultThreads(), BackendTransport.AUTO);
    }

    /** One event-loop thread per CPU. */
    public static int defaultThreads() {
        return Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors());
    }

    public BackendSettings withText(String page) {
        return new BackendSettings(listen, Optional.of(page), status, failAfter, failure, delay, threads, transport);
    }

    public BackendSettings withStatus(int code) {
        return new BackendSettings(listen, text, code, failAfter, failure, delay, threads, transport);
    }

    public BackendSettings withFailAfter(long answers, BackendFailure how) {
        return new BackendSettings(listen, text, status, OptionalLong.of(answers), how, delay, threads, transport);
    }

    public BackendSettings withDelay(Duration wait) {
        return new BackendSettings(listen, text, status, failAfter, failure, wait, threads, transport);
    }

    public BackendSettings withThreads(int count) {
        return new BackendSettings(listen, text, status, failAfter, failure, delay, count, transport);
    }

    public BackendSettings withTransport(BackendTransport io) {
        return new BackendSettings(listen, text, status, failAfter, failure, delay, threads, io);
    }

    /**
     * A status a page can carry: 200-599, except 204, 205 and 304, which HTTP forbids a body.
     *
     * @throws IllegalArgumentException saying why not, naming {@code option}
     */
    static void requireStatus(String option, int code) {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException(option + " " + code + " is outside 200-599");
        }
        if (code == 204 || code == 205 || code == 304) {
            throw new IllegalArgumentException(option + " " + code + ": this status cannot carry a body");
        }
    }
}
