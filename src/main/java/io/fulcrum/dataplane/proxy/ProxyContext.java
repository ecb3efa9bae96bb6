package io.fulcrum.dataplane.proxy;

import io.fulcrum.ipvs.conn.ConnectionTable;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/** What every listener and relayed connection of one data plane shares. */
record ProxyContext(ProxyOptions options, ConnectionTable conns, LongSupplier nanoTime, Consumer<String> log,
                    ProxyTransport transport, Upstream upstream, ProxyCounters counters, Sessions sessions,
                    boolean splicing) {

    long now() {
        return nanoTime.getAsLong();
    }
}
