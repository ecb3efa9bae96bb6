package io.fulcrum.daemon;

import io.fulcrum.ipvs.conn.ConnectionView;
import io.fulcrum.ipvs.conn.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A recording stand-in for the connection table: timeouts kept, expiry calls and listings recorded. */
class FakeConnections implements ConnectionPort {

    Timeouts timeouts = Timeouts.DEFAULT;
    final List<Long> expiredAt = new CopyOnWriteArrayList<>();
    final List<ConnectionView> entries = new ArrayList<>();
    final List<Long> listedAt = new ArrayList<>();

    @Override
    public Timeouts timeouts() {
        return timeouts;
    }

    @Override
    public void setTimeouts(Timeouts update) {
        timeouts = timeouts.with(update);
    }

    @Override
    public void expire(long nowNanos) {
        expiredAt.add(nowNanos);
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public List<ConnectionView> list(long nowNanos) {
        listedAt.add(nowNanos);
        return List.copyOf(entries);
    }
}
