package io.fulcrum.dataplane.proxy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a UDP listener counts besides the table's traffic stats: dropped datagrams by reason, failed flows (ICMP
 * unreachable from the real server, a socket that could not connect, a failed write) and the flows open now.
 * Written on the listener's event loop, read from anywhere.
 */
final class UdpCounters {

    private final LongAdder[] drops = new LongAdder[UdpDrop.values().length];
    private final LongAdder errors = new LongAdder();
    private final AtomicInteger flows = new AtomicInteger();

    UdpCounters() {
        for (int i = 0; i < drops.length; i++) {
            drops[i] = new LongAdder();
        }
    }

    void drop(UdpDrop reason) {
        drops[reason.ordinal()].increment();
    }

    void error() {
        errors.increment();
    }

    void flowOpened() {
        flows.incrementAndGet();
    }

    void flowClosed() {
        flows.decrementAndGet();
    }

    long drops(UdpDrop reason) {
        return drops[reason.ordinal()].sum();
    }

    long errors() {
        return errors.sum();
    }

    int flows() {
        return flows.get();
    }
}
