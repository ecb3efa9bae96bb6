package io.fulcrum.ipvs.conn;

import java.util.Arrays;

/**
 * One segment's timer wheel: 1,024 slots of about one second (2^30 ns) each, so the default ESTABLISHED timeout
 * (900 s) fits in one turn; longer ones come round and are put back. A slot is an array of references; an entry's
 * live reference is the one in the slot of its {@code tick}, any other is stale and dropped when met.
 *
 * <p>Expiry is lazy, like a kernel timer that is re-armed often: a packet that pushes an expiry later only writes
 * the new time; the entry stays in its earlier slot and is moved forward when that slot comes up. Only an expiry
 * brought earlier (a TCP state with a shorter timeout) moves the entry at once ({@link #pullIn}). Every method runs
 * under the segment's lock; the expiry pass may span several lock holds and calls ({@code pending}).
 */
final class TimerWheel {

    static final int TICK_SHIFT = 30;
    static final int SLOTS = 1024;
    private static final int MASK = SLOTS - 1;

    private Connection[][] slots;
    private int[] sizes;
    private boolean started;
    /** The last tick whose slot was fully processed. */
    private long processed;
    /** The detached slot being processed, possibly across calls. */
    private Connection[] pending;
    private int pendingSize;
    private int pendingPosition;
    private long pendingTick;

    static long tickOf(long nanos) {
        return nanos >> TICK_SHIFT;
    }

    /** Anchors the wheel at the first time it sees. */
    void start(long now) {
        if (!started) {
            processed = tickOf(now) - 1;
            started = true;
            slots = new Connection[SLOTS][];
            sizes = new int[SLOTS];
        }
    }

    /**
     * Puts {@code c} in the slot of its expiry (or the first slot still to be processed) and records that slot
     * in the entry. The expiry is read again afterwards: a data plane that brought it earlier meanwhile either saw
     * the new tick and will pull the entry in itself, or is seen here (both sides write, then read the other's
     * volatile field).
     */
    void place(Connection c) {
        long target = target(c.expiresNanos());
        for (;;) {
            append(target, c);
            c.tick((int) target);
            long again = target(c.expiresNanos());
            if (again >= target) {
                return;
            }
            target = again;
        }
    }

    /** After a data plane brought the expiry of {@code c} earlier: moves it to an earlier slot if needed. */
    void pullIn(Connection c) {
        if ((int) target(c.expiresNanos()) - c.tick() < 0) {
            place(c);
        }
    }

    /**
     * The next reference to examine at {@code nowTick}, or null when every slot up to the current one has been
     * processed (the current slot is processed again on the next call, for entries due later in this tick).
     * Returns live references only; stale ones are dropped and those of a later turn put back.
     */
    Connection next(long nowTick) {
        for (;;) {
            if (pending != null) {
                while (pendingPosition < pendingSize) {
                    Connection c = pending[pendingPosition];
                    pending[pendingPosition++] = null;
                    if (live(c)) {
                        return c;
                    }
                }
                pending = null;
                if (pendingTick >= nowTick) {
                    processed = pendingTick - 1;
                    return null;
                }
                processed = pendingTick;
            }
            long t = processed + 1;
            if (t > nowTick) {
                return null;
            }
            if (nowTick - t >= SLOTS) {
                // more than one turn behind: every slot once covers all that is due
                processed = nowTick - SLOTS;
                t = processed + 1;
            }
            int s = (int) t & MASK;
            pending = slots[s] != null ? slots[s] : new Connection[0];
            pendingSize = sizes[s];
            pendingPosition = 0;
            pendingTick = t;
            slots[s] = null;
            sizes[s] = 0;
        }
    }

    private boolean live(Connection c) {
        if (c.isExpired()) {
            return false;
        }
        int s = (int) pendingTick & MASK;
        int t = c.tick();
        if ((t & MASK) != s) {
            return false;
        }
        if (t - (int) pendingTick > 0) {
            append(pendingTick, c);
            return false;
        }
        return true;
    }

    private long target(long expires) {
        return Math.max(tickOf(expires), processed + 1);
    }

    private void append(long tick, Connection c) {
        int s = (int) tick & MASK;
        Connection[] slot = slots[s];
        int n = sizes[s];
        if (slot == null) {
            slot = slots[s] = new Connection[8];
        } else if (n == slot.length) {
            slot = slots[s] = Arrays.copyOf(slot, n * 2);
        }
        slot[n] = c;
        sizes[s] = n + 1;
    }
}
