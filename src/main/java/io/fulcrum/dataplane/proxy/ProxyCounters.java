package io.fulcrum.dataplane.proxy;

import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link ProxyStats}, updated by the event loops (striped adders). */
final class ProxyCounters {

    private final LongAdder accepted = new LongAdder();
    private final LongAdder connectFailures = new LongAdder();
    private final LongAdder connectTimeouts = new LongAdder();
    private final LongAdder sorryServed = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder acceptErrors = new LongAdder();
    private final LongAdder open = new LongAdder();

    void accepted() {
        accepted.increment();
        open.increment();
    }

    void ended() {
        open.decrement();
    }

    void connectFailed(boolean timedOut) {
        connectFailures.increment();
        if (timedOut) {
            connectTimeouts.increment();
        }
    }

    void sorryServed() {
        sorryServed.increment();
    }

    void refused() {
        refused.increment();
    }

    void acceptError() {
        acceptErrors.increment();
    }

    ProxyStats snapshot() {
        return new ProxyStats(accepted.sum(), connectFailures.sum(), connectTimeouts.sum(), sorryServed.sum(),
                refused.sum(), acceptErrors.sum(), open.sum());
    }
}
