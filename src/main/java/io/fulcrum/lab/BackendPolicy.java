package io.fulcrum.lab;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Decides the kind of each answer and counts them, for all listeners and connections of one backend: the first
 * {@code failAfter} GET/HEAD requests get the page, every later one the failure.
 */
final class BackendPolicy {

    private final long failAfter;
    private final AtomicLong pageRequests = new AtomicLong();
    private final LongAdder pages = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder notAllowed = new LongAdder();
    private final LongAdder badRequests = new LongAdder();

    BackendPolicy(BackendSettings settings) {
        this.failAfter = settings.failAfter().orElse(Long.MAX_VALUE);
    }

    /** The answer to one request, counted. */
    BackendAnswer answer(String method, boolean wellFormed) {
        if (!wellFormed) {
            badRequests.increment();
            return BackendAnswer.BAD_REQUEST;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            notAllowed.increment();
            return BackendAnswer.NOT_ALLOWED;
        }
        if (pageRequests.incrementAndGet() > failAfter) {
            failures.increment();
            return BackendAnswer.FAILURE;
        }
        pages.increment();
        return BackendAnswer.PAGE;
    }

    BackendStats stats() {
        return new BackendStats(pages.sum(), failures.sum(), notAllowed.sum(), badRequests.sum());
    }
}
