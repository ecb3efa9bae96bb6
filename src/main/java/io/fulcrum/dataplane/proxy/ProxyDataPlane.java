package io.fulcrum.dataplane.proxy;

import io.fulcrum.ipvs.conn.ConnectionTable;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The user-space full-NAT data plane. SKELETON: these public members are the contract the daemon codes against;
 * the implementation replaces the bodies.
 */
public final class ProxyDataPlane implements AutoCloseable {

    /**
     * @param options  proxy settings
     * @param conns    the connection table every proxied connection and flow is an entry of
     * @param nanoTime the monotonic clock (System::nanoTime in the daemon, a manual one in tests)
     * @param log      where log lines go (keepalived-style, one line each)
     */
    public ProxyDataPlane(ProxyOptions options, ConnectionTable conns, LongSupplier nanoTime, Consumer<String> log) {
    }

    /**
     * Makes the set of listeners match {@code services}: binds the new ones (IP_FREEBIND, so a VIP that is not
     * yet on this host is fine), closes the ones no longer listed (their established connections continue), and
     * updates sorry server and PROXY settings of the others. Returns one problem line per service that could not
     * be bound (the others are served).
     */
    public List<String> apply(List<ProxiedService> services) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Closes listeners and every relayed connection, and stops the event loops. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("skeleton");
    }
}
