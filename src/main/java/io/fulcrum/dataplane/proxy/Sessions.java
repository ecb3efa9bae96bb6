package io.fulcrum.dataplane.proxy;

import io.fulcrum.ipvs.conn.Connection;
import io.fulcrum.ipvs.conn.ExpiryListener;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The relayed connections that have a connection-table entry, by entry (identity). As the table's
 * {@link ExpiryListener} it closes the sockets of an entry the table let go: the proxy cannot keep a connection the
 * table has forgotten (it would be invisible to ipvsadm and uncounted), so the table's timeouts are the proxy's
 * idle timeouts (900 s established, 120 s FIN_WAIT, 60 s CLOSE_WAIT by default, ipvsadm --set).
 */
final class Sessions implements ExpiryListener {

    private final ConcurrentHashMap<Connection, TcpSession> live = new ConcurrentHashMap<>();

    void add(Connection entry, TcpSession session) {
        live.put(entry, session);
    }

    void remove(Connection entry, TcpSession session) {
        live.remove(entry, session);
    }

    @Override
    public void expired(Connection entry) {
        TcpSession s = live.remove(entry);
        if (s != null) {
            s.expired();
        }
    }

    int size() {
        return live.size();
    }

    List<TcpSession> all() {
        return List.copyOf(live.values());
    }
}
