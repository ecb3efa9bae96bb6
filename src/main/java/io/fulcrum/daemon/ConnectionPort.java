package io.fulcrum.daemon;

import io.fulcrum.ipvs.conn.ConnectionView;
import io.fulcrum.ipvs.conn.ConnectionTable;
import io.fulcrum.ipvs.conn.Timeouts;
import java.util.List;

/** What the control loop needs of the connection table; {@link #of(ConnectionTable)} is the real one. */
interface ConnectionPort {

    Timeouts timeouts();

    void setTimeouts(Timeouts update);

    void expire(long nowNanos);

    int size();

    List<ConnectionView> list(long nowNanos);

    static ConnectionPort of(ConnectionTable table) {
        return new ConnectionPort() {
            @Override
            public Timeouts timeouts() {
                return table.timeouts();
            }

            @Override
            public void setTimeouts(Timeouts update) {
                table.setTimeouts(update);
            }

            @Override
            public void expire(long nowNanos) {
                table.expire(nowNanos);
            }

            @Override
            public int size() {
                return table.size();
            }

            @Override
            public List<ConnectionView> list(long nowNanos) {
                return table.list(nowNanos);
            }
        };
    }
}
