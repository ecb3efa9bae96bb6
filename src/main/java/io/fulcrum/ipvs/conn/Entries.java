package io.fulcrum.ipvs.conn;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The table's storage: 64 {@link Segment}s chosen by the top bits of the key hash, the expiry pass over them and
 * the bookkeeping of a removed entry (destination counters, the template's count, listeners).
 *
 * <p>Expiry runs on one thread at a time (the daemon's): each call examines at most a budget of timer references,
 * in chunks of {@link #CHUNK} per segment lock hold, and continues from where it stopped on the next call, so
 * neither a call nor a lock hold grows with the table. Counters and listeners run after the lock is released.
 */
final class Entries {

    static final int SEGMENT_BITS = 6;
    static final int CHUNK = 256;
    /** The kernel's expire_later: a due template that still controls connections lives 60 s more. */
    static final int TEMPLATE_RECHECK_SECONDS = 60;

    private final KeyHash hash;
    private final Segment[] segments = new Segment[1 << SEGMENT_BITS];
    private final List<ExpiryListener> listeners = new CopyOnWriteArrayList<>();
    private final Object expiryLock = new Object();
    private final ExpiryBatch batch = new ExpiryBatch(CHUNK);
    private int cursor;

    Entries(long seed) {
        hash = new KeyHash(seed);
        for (int i = 0; i < segments.length; i++) {
            segments[i] = new Segment(hash);
        }
    }

    KeyHash hash() {
        return hash;
    }

    Segment segment(int h) {
        return segments[h >>> (32 - SEGMENT_BITS)];
    }

    Connection find(int mask, int key, boolean out, long aHigh, long aLow, int aPort, long cHigh, long cLow,
                    int cPort) {
        int h = hash.of(key & (Connection.PROTO_MASK | Connection.V6), cHigh, cLow, cPort);
        return segment(h).find(h, mask, key, out, aHigh, aLow, aPort, cHigh, cLow, cPort);
    }

    void insert(Connection c, long now) {
        int h = hash.of(c);
        segment(h).insert(c, h, now);
    }

    /** Moves {@code c} to an earlier timer slot after its expiry was brought forward. */
    void pullIn(Connection c) {
        segment(hash.of(c)).pullIn(c);
    }

    /** Removes {@code c} at once (a data plane's decision); false when it was already gone. */
    boolean removeNow(Connection c) {
        int old = segment(hash.of(c)).remove(c);
        if (old == -1) {
            return false;
        }
        release(c, old);
        RuntimeException failure = notify(c, null);
        if (failure != null) {
            throw failure;
        }
        return true;
    }

    /**
     * Examines at most {@code budget} timer references due by {@code now}; true when every segment has caught up.
     * A listener's exception is rethrown once the whole call's bookkeeping is done.
     */
    boolean expire(long now, int budget) {
        synchronized (expiryLock) {
            RuntimeException failure = null;
            int left = budget;
            int caughtUp = 0;
            while (caughtUp < segments.length && left > 0) {
                int r = segments[cursor].expire(now, Math.min(left, CHUNK), batch, TEMPLATE_RECHECK_SECONDS);
                left -= r < 0 ? -r - 1 : r;
                failure = drain(failure);
                if (r < 0) {
                    caughtUp++;
                    cursor = (cursor + 1) & (segments.length - 1);
                }
            }
            if (failure != null) {
                throw failure;
            }
            return caughtUp == segments.length;
        }
    }

    void addListener(ExpiryListener l) {
        listeners.add(l);
    }

    void removeListener(ExpiryListener l) {
        listeners.remove(l);
    }

    int size() {
        int n = 0;
        for (Segment s : segments) {
            n += s.count();
        }
        return n;
    }

    List<Connection> all() {
        List<Connection> out = new ArrayList<>(size() + 16);
        for (Segment s : segments) {
            s.collect(out);
        }
        return out;
    }

    /**
     * Undoes what creating {@code c} bound: the destination counter it held ({@code status} tells which) and its
     * place in its template's count. For entries marked expired by the caller.
     */
    static void release(Connection c, int status) {
        if (c.isTemplate()) {
            c.destination().unbindTemplate();
        } else {
            c.destination().unbindConnection((status & Connection.INACTIVE) == 0);
        }
        Connection control = c.control();
        if (control != null) {
            control.addControlled(-1);
        }
    }

    private RuntimeException drain(RuntimeException failure) {
        RuntimeException first = failure;
        for (int i = 0; i < batch.size(); i++) {
            release(batch.entry(i), batch.status(i));
        }
        for (int i = 0; i < batch.size(); i++) {
            first = notify(batch.entry(i), first);
        }
        batch.clear();
        return first;
    }

    private RuntimeException notify(Connection c, RuntimeException failure) {
        RuntimeException first = failure;
        for (ExpiryListener l : listeners) {
            try {
                l.expired(c);
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        return first;
    }
}
