package io.fulcrum.ipvs.conn;

import java.util.Arrays;

/**
 * One segment's timer wheel: 1,024 slots of about one second (2^30 ns) each, so the default ESTABLISHED timeout
 * (900 s) fits in one turn; longer ones come round and are put back. A slot is an array of references; every live
 * entry has exactly one, at index {@code slot} of the slot of its {@code tick}, and loses it when it moves or
 * leaves, so the wheel never keeps a gone entry reachable (holes are compacted away when a slot fills up).
 *
 * <p>Expiry is lazy, like a kernel timer that is re-armed often: a packet that pushes an expiry later only writes
 * the new time; the entry stays in its earlier slot and is moved forward when that slot comes up. Only an expiry
 * brought earlier (a TCP state with a shorter timeout) moves the entry at once ({@link #pullIn}). Every method runs
 * under the segment's lock; the expiry pass over one slot may span several lock holds and calls ({@code pending}).
 */
final class TimerWheel {

    static final int TICK_SHIFT = 30;
    static final int SLOTS = 1024;
    private static final int MASK = SLOTS - 1;
    private static final Connection[] EMPTY = {};

    private Connection[][] slots;
    private int[] sizes;
    private int[] holes;
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
            holes = new int[SLOTS];
        }
    }

    /**
     * Puts {@code c}, which holds no reference yet, in the slot of its expiry (or the first slot still to be
     * processed). The expiry is read again after the tick is recorded: a data plane that brought it earlier
     * meanwhile either saw the new tick and will pull the entry in itself, or is seen here (both sides write,
     * then read the other's volatile field).
     */
    void place(Connection c) {
        long target = target(c.expiresNanos());
        for (;;) {
            append((int) target, c);
            long again = target(c.expiresNanos());
            if (again >= target) {
                return;
            }
            remove(c);
            target = again;
        }
    }

    /** After a data plane brought the expiry of {@code c} earlier: moves it to an earlier slot if needed. */
    void pullIn(Connection c) {
        if ((int) target(c.expiresNanos()) - c.tick() < 0) {
            remove(c);
            place(c);
        }
    }

    /** Drops the reference of {@code c}, if it has one. */
    void remove(Connection c) {
        int s = c.tick() & MASK;
        int i = c.slot();
        if (pending != null && ((int) pendingTick & MASK) == s && i < pendingSize && pending[i] == c) {
            pending[i] = null;
            return;
        }
        Connection[] slot = slots[s];
        if (slot != null && i < sizes[s] && slot[i] == c) {
            slot[i] = null;
            holes[s]++;
        }
    }

    /**
     * The next entry to examine at {@code nowTick}, taken out of the wheel (the caller places it again or removes
     * it), or null when every slot up to the current one has been processed; the current slot is processed again
     * on the next call, for entries due later in this tick. Entries of a later turn are put back on the way.
     */
    Connection next(long nowTick) {
        for (;;) {
            if (pending != null) {
                while (pendingPosition < pendingSize) {
                    int i = pendingPosition++;
                    Connection c = pending[i];
                    if (c == null) {
                        continue;
                    }
                    pending[i] = null;
                    if (c.tick() - (int) pendingTick > 0) {
                        append(c.tick(), c); // a later turn of the wheel
                        continue;
                    }
                    return c;
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
            pending = slots[s] != null ? slots[s] : EMPTY;
            pendingSize = sizes[s];
            pendingPosition = 0;
            pendingTick = t;
            slots[s] = null;
            sizes[s] = 0;
            holes[s] = 0;
        }
    }

    /** Live references held (for tests: one per live entry). */
    int references() {
        int n = 0;
        for (int s = 0; started && s < SLOTS; s++) {
            n += sizes[s] - holes[s];
        }
        if (pending != null) {
            for (int i = pendingPosition; i < pendingSize; i++) {
                n += pending[i] != null ? 1 : 0;
            }
        }
        return n;
    }

    private long target(long expires) {
        return Math.max(tickOf(expires), processed + 1);
    }

    private void append(int tick, Connection c) {
        int s = tick & MASK;
        Connection[] slot = slots[s];
        int n = sizes[s];
        if (slot == null) {
            slot = slots[s] = new Connection[8];
        } else if (n == slot.length) {
            if (holes[s] >= n / 2) {
                n = compact(s);
            } else {
                slot = slots[s] = Arrays.copyOf(slot, n * 2);
            }
        }
        slot[n] = c;
        sizes[s] = n + 1;
        c.slot(n);
        c.tick(tick);
    }

    private int compact(int s) {
        Connection[] slot = slots[s];
        int n = 0;
        for (int i = 0; i < sizes[s]; i++) {
            Connection c = slot[i];
            if (c != null) {
                slot[n] = c;
                c.slot(n++);
            }
        }
        Arrays.fill(slot, n, sizes[s], null);
        sizes[s] = n;
        holes[s] = 0;
        return n;
    }
}
