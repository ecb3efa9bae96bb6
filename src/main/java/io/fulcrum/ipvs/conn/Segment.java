package io.fulcrum.ipvs.conn;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * One of the table's 64 segments (chosen by the top bits of the key hash): a chained hash table of entries
 * linked through {@link Connection#next}, its timer wheel and its count, all changed under the segment's monitor.
 *
 * <p>Lookups take no lock. Inserting links a fully built entry at a chain head with a release store; removing
 * re-points the predecessor past it, so a reader standing on a removed entry still walks on to the rest. The only
 * change that can hide a live entry from a reader is growing the bucket array, which re-links every entry; it is
 * bracketed by an odd {@code version}, and a reader that found nothing while the version moved looks again
 * (seqlock style). A found entry is always a real match, so only misses are re-checked.
 */
final class Segment {

    private static final VarHandle BUCKET = MethodHandles.arrayElementVarHandle(Connection[].class);
    private static final int LIVE = Connection.DEAD | Connection.INVALID;
    private static final int MAX_BUCKETS = 1 << 26;

    private final KeyHash hash;
    private final TimerWheel wheel = new TimerWheel();
    private volatile Connection[] buckets = new Connection[16];
    private volatile int version;
    private volatile int count;

    Segment(KeyHash hash) {
        this.hash = hash;
    }

    int count() {
        return count;
    }

    /**
     * The newest live entry whose packed key, masked by {@code mask}, equals {@code want} (meta and ports), whose
     * client address is (cHigh, cLow) and whose other address is (aHigh, aLow): the virtual address, or with
     * {@code out} the destination's.
     */
    Connection find(int h, long mask, long want, boolean out, long aHigh, long aLow, long cHigh, long cLow) {
        for (;;) {
            int v = version;
            if ((v & 1) != 0) {
                synchronized (this) {
                    // a resize holds the lock: wait for it rather than spin
                }
                continue;
            }
            Connection[] tab = buckets;
            Connection x = (Connection) BUCKET.getAcquire(tab, h & (tab.length - 1));
            int steps = 0;
            while (x != null) {
                if ((x.key & mask) == want && x.clientLow == cLow && x.clientHigh == cHigh
                        && (out ? x.destLow == aLow && x.destHigh == aHigh
                                : x.virtualLow == aLow && x.virtualHigh == aHigh)
                        && (x.status() & LIVE) == 0) {
                    return x;
                }
                x = x.next;
                if ((++steps & 63) == 0 && version != v) {
                    break; // re-linked under us: the chain may even loop until the resize ends
                }
            }
            if (version == v) {
                return null;
            }
        }
    }

    /** Links a new entry (its expiry already set) into its chain and its timer slot. */
    synchronized void insert(Connection c, int h, long now) {
        wheel.start(now);
        if (count >= buckets.length >> 1 && buckets.length < MAX_BUCKETS) { // chains of 1.25 on average
            grow();
        }
        Connection[] tab = buckets;
        int i = h & (tab.length - 1);
        c.next = (Connection) BUCKET.get(tab, i);
        BUCKET.setRelease(tab, i, c);
        count++;
        wheel.place(c);
    }

    /** Removes {@code c} now; returns the status it had, or -1 when it was already gone. */
    synchronized int remove(Connection c) {
        int old = c.markDead();
        if (old != -1) {
            unlink(c);
            wheel.remove(c);
        }
        return old;
    }

    /** A data plane brought the expiry of {@code c} earlier. */
    synchronized void pullIn(Connection c) {
        if (!c.isExpired()) {
            wheel.pullIn(c);
        }
    }

    /** Adds every entry to {@code out}. */
    synchronized void collect(List<Connection> out) {
        for (Connection head : buckets) {
            for (Connection x = head; x != null; x = x.next) {
                out.add(x);
            }
        }
    }

    /**
     * Examines up to {@code maxRefs} timer references due by {@code now} (never more than the batch holds);
     * removed entries go to {@code batch}. A due template that still controls connections is kept for another
     * {@code rearmSeconds} (the kernel's expire_later). Returns how many references were examined, negated (minus
     * one) when the segment has caught up with {@code now}.
     */
    synchronized int expire(long now, int maxRefs, ExpiryBatch batch, int rearmSeconds) {
        wheel.start(now);
        long nowTick = TimerWheel.tickOf(now);
        int refs = 0;
        while (refs < maxRefs && !batch.full()) {
            Connection c = wheel.next(nowTick);
            if (c == null) {
                return -refs - 1;
            }
            refs++;
            if (c.isExpired()) {
                continue;
            }
            if (c.expiresNanos() - now > 0) {
                wheel.place(c);
            } else if (c.isTemplate() && c.controlled() > 0) {
                rearm(c, now, rearmSeconds);
                wheel.place(c);
            } else {
                int old = c.markDead();
                if (old != -1) {
                    unlink(c);
                    batch.add(c, old);
                }
            }
        }
        return refs;
    }

    /** Timer references held (tests: exactly one per live entry). */
    synchronized int wheelReferences() {
        return wheel.references();
    }

    private static void rearm(Connection c, long now, int seconds) {
        for (;;) {
            int s = c.status();
            if (c.casStatus(s, Connection.withTimeout(s, seconds))) {
                c.expires(now + seconds * 1_000_000_000L);
                return;
            }
        }
    }

    private void unlink(Connection c) {
        Connection[] tab = buckets;
        int i = hash.of(c) & (tab.length - 1);
        Connection prev = null;
        Connection x = (Connection) BUCKET.get(tab, i);
        while (x != null && x != c) {
            prev = x;
            x = x.next;
        }
        if (x == null) {
            throw new IllegalStateException("entry not in its chain: " + c);
        }
        if (prev == null) {
            BUCKET.setRelease(tab, i, c.next);
        } else {
            prev.next = c.next;
        }
        count--;
    }

    private void grow() {
        Connection[] old = buckets;
        Connection[] tab = new Connection[old.length * 2];
        version++;
        for (Connection head : old) {
            Connection x = head;
            while (x != null) {
                Connection after = x.next;
                int i = hash.of(x) & (tab.length - 1);
                x.next = tab[i];
                tab[i] = x;
                x = after;
            }
        }
        buckets = tab;
        version++;
    }
}
