package io.fulcrum.daemon;

import io.fulcrum.dataplane.proxy.ProxiedService;
import io.fulcrum.cli.ProxyIo;
import io.fulcrum.dataplane.proxy.ProxyDataPlane;
import io.fulcrum.dataplane.proxy.ProxyOptions;
import io.fulcrum.dataplane.proxy.ProxyStats;
import io.fulcrum.ipvs.conn.ConnectionTable;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/** What the daemon needs of the proxy data plane; {@link #real} makes the real one, tests a recording one. */
interface ProxyPort extends AutoCloseable {

    /** Makes the proxy serve exactly {@code services}; returns one line per service it could not bind. */
    List<String> apply(List<ProxiedService> services);

    /** The proxy's own counters (connect failures, refusals...), when it keeps them. */
    default Optional<ProxyStats> stats() {
        return Optional.empty();
    }

    /** Closes every listener and relayed connection. */
    @Override
    void close();

    /** Creates the proxy on the daemon's connection table, clock and log. */
    @FunctionalInterface
    interface Factory {
        ProxyPort create(ConnectionTable connections, LongSupplier nanoClock, Consumer<String> log);
    }

    /** The user-space proxy with its default options on the transport {@code --proxy-io} asked for. */
    static Factory real(ProxyIo io) {
        ProxyOptions d = ProxyOptions.DEFAULT;
        ProxyOptions options = new ProxyOptions(d.connectTimeout(), d.connectAttempts(), d.ioThreads(), d.splice(),
                switch (io) {
                    case AUTO -> ProxyOptions.Io.AUTO;
                    case IO_URING -> ProxyOptions.Io.IO_URING;
                    case EPOLL -> ProxyOptions.Io.EPOLL;
                    case NIO -> ProxyOptions.Io.NIO;
                });
        return (connections, nanoClock, log) -> real(options, connections, nanoClock, log);
    }

    private static ProxyPort real(ProxyOptions options, ConnectionTable connections, LongSupplier nanoClock,
                                  Consumer<String> log) {
        ProxyDataPlane proxy = new ProxyDataPlane(options, connections, nanoClock, log);
        return new ProxyPort() {
            @Override
            public List<String> apply(List<ProxiedService> services) {
                return proxy.apply(services);
            }

            @Override
            public Optional<ProxyStats> stats() {
                return Optional.of(proxy.stats());
            }

            @Override
            public void close() {
                proxy.close();
            }
        };
    }
}
