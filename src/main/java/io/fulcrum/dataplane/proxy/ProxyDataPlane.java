package io.fulcrum.dataplane.proxy;

import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.conn.ConnectionTable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The user-space full-NAT data plane: one listener per virtual service (TCP: {@link TcpProxyListener}), each client
 * connection relayed to the real server the service's scheduler picks, and every relayed connection an entry of the
 * connection table (ipvsadm -lnc, ActiveConn/InActConn, --stats and --rate).
 *
 * <p>What the daemon does: construct it once (it starts the event loops and registers itself as an expiry
 * listener of {@code conns}), call {@link #apply} on every change of the services it should serve, keep calling
 * {@link ConnectionTable#expire} (entries that expire close their connections: the table's timeouts are the proxy's
 * idle timeouts), read {@link #stats()} for status, and {@link #close()} at shutdown.
 *
 * <p>Counting: for the proxy a packet is one read from a socket (one read system call's worth, at most 64 KiB) —
 * InPkts/InBytes for reads from the client, OutPkts/OutBytes for reads from the real server. Not counted: the
 * PROXY protocol header and traffic to a sorry server (it has no entry). {@link ProxyOptions#splice()} is not
 * honoured (see {@link Splice} for the measurement and the data loss that decided it).
 */
public final class ProxyDataPlane implements AutoCloseable {

    private final ProxyContext ctx;
    private final Map<ServiceKey.Inet, ProxyListener> listeners = new LinkedHashMap<>();
    private boolean closed;

    /**
     * @param options  proxy settings
     * @param conns    the connection table every proxied connection and flow is an entry of
     * @param nanoTime the monotonic clock (System::nanoTime in the daemon, a manual one in tests)
     * @param log      where log lines go (keepalived-style, one line each)
     */
    public ProxyDataPlane(ProxyOptions options, ConnectionTable conns, LongSupplier nanoTime, Consumer<String> log) {
        this(options, conns, nanoTime, log, false);
        if (options.splice()) {
            log.accept("Proxy: splice is not used: with this Netty a half-closed connection can lose data when"
                    + " spliced; relaying through user space");
        }
    }

    /** With {@code measureSplice}, honours {@link ProxyOptions#splice()} (for SpliceMeasurement only). */
    ProxyDataPlane(ProxyOptions options, ConnectionTable conns, LongSupplier nanoTime, Consumer<String> log,
                   boolean measureSplice) {
        ProxyTransport transport = new ProxyTransport(options, log);
        Sessions sessions = new Sessions();
        this.ctx = new ProxyContext(options, conns, nanoTime, log, transport, new Upstream(transport, options),
                new ProxyCounters(), sessions, measureSplice && options.splice() && transport.nativeEpoll());
        conns.addExpiryListener(sessions);
    }

    /**
     * Makes the set of listeners match {@code services}: binds the new ones (IP_FREEBIND, so a VIP that is not
     * yet on this host is fine), closes the ones no longer listed (their established connections continue), and
     * updates sorry server and PROXY settings of the others. Returns one problem line per service that could not
     * be bound (the others are served); a service that failed is tried again at the next call.
     */
    public synchronized List<String> apply(List<ProxiedService> services) {
        if (closed) {
            throw new IllegalStateException("proxy data plane is closed");
        }
        Map<ServiceKey.Inet, ProxiedService> wanted = new LinkedHashMap<>();
        for (ProxiedService s : services) {
            wanted.put(s.key(), s);
        }
        for (Iterator<Map.Entry<ServiceKey.Inet, ProxyListener>> it = listeners.entrySet().iterator();
             it.hasNext();) {
            Map.Entry<ServiceKey.Inet, ProxyListener> e = it.next();
            if (!wanted.containsKey(e.getKey())) {
                e.getValue().close();
                it.remove();
            }
        }
        List<String> problems = new ArrayList<>();
        for (ProxiedService s : wanted.values()) {
            ProxyListener existing = listeners.get(s.key());
            if (existing != null) {
                existing.update(s);
                continue;
            }
            try {
                ProxyListener l = listenerFor(s);
                l.bind();
                listeners.put(s.key(), l);
            } catch (ProxyBindException e) {
                problems.add(e.getMessage());
            } catch (RuntimeException e) {
                problems.add(Addresses.label(s.key().address(), s.key().port()) + ": " + e.getMessage());
            }
        }
        return problems;
    }

    /** The listener for one service's protocol; a refusal is a problem line for {@link #apply}. */
    private ProxyListener listenerFor(ProxiedService s) throws ProxyBindException {
        String at = Addresses.label(s.key().address(), s.key().port());
        return switch (s.key().protocol()) {
            case TCP -> new TcpProxyListener(ctx, s);
            case UDP -> new UdpProxyListener(ctx.transport(), ctx.conns(), ctx.nanoTime(), ctx.log(), s);
            case SCTP -> throw new ProxyBindException(at + ": SCTP is not supported by the proxy", null);
        };
    }

    /** Counters since start (see {@link ProxyStats}). */
    public ProxyStats stats() {
        return ctx.counters().snapshot();
    }

    /** The Netty transport the proxy runs on. */
    public ProxyTransport.Kind transport() {
        return ctx.transport().kind();
    }

    /** For tests: the relayed connections that have a table entry. */
    Sessions sessions() {
        return ctx.sessions();
    }

    /** Closes listeners and every relayed connection, and stops the event loops. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        listeners.values().forEach(ProxyListener::close);
        listeners.clear();
        ctx.transport().close();
    }
}
