package io.fulcrum.ipvs.sched;

import io.fulcrum.common.IpAddress;
import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.ScheduleInput;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * lblcr (ip_vs_lblcr.c): remembers a set of destinations per packet destination address; picks the least
 * loaded (overhead/weight) available member; when that one is overloaded (lblc's rule) wlc picks a server that
 * joins the set; a set with more than one member that has not changed for the expiration time loses its most
 * loaded member. Entries unused for the expiration are dropped by the periodic check (injected clock).
 */
public final class LocalityBasedReplicated implements Scheduler {

    private static final class Entry {
        final List<Destination> set = new ArrayList<>(); // newest first, as list_add_rcu
        long lastUse;
        long lastMod;
    }

    private final LongSupplier clock;
    private final long expiration;
    private final Map<IpAddress, Entry> table = new LinkedHashMap<>();
    private long nextCheck;
    private int counter = 1;

    public LocalityBasedReplicated(LongSupplier nanoClock, long expirationNanos) {
        this.clock = nanoClock;
        this.expiration = expirationNanos;
        this.nextCheck = nanoClock.getAsLong() + LocalityBased.CHECK_INTERVAL;
    }

    @Override
    public String name() {
        return "lblcr";
    }

    public synchronized int entries() {
        return table.size();
    }

    /** The members of the set for a destination address (for tests). */
    public synchronized List<Destination> set(IpAddress daddr) {
        Entry e = table.get(daddr);
        return e == null ? List.of() : List.copyOf(e.set);
    }

    private static Destination setMin(List<Destination> set) {
        Destination least = null;
        long loh = 0;
        for (Destination d : set) {
            if (d.overloaded()) {
                continue;
            }
            if (least == null) {
                if (d.weight() > 0 && d.available()) {
                    least = d;
                    loh = d.overhead();
                }
                continue;
            }
            long doh = d.overhead();
            if (loh * d.weight() > doh * least.weight() && d.available()) {
                least = d;
                loh = doh;
            }
        }
        return least;
    }

    private static Destination setMax(List<Destination> set) {
        Destination most = null;
        long moh = 0;
        for (Destination d : set) {
            if (most == null) {
                if (d.weight() > 0) {
                    most = d;
                    moh = d.overhead();
                }
                continue;
            }
            long doh = d.overhead();
            if (moh * d.weight() < doh * most.weight() && d.weight() > 0) {
                most = d;
                moh = doh;
            }
        }
        return most;
    }

    private static void insert(Entry e, Destination d, long now, boolean check) {
        if (check) {
            for (Destination x : e.set) {
                if (x == d) {
                    return;
                }
            }
        }
        e.set.addFirst(d);
        e.lastMod = now;
    }

    @Override
    public synchronized Optional<Destination> pick(List<Destination> dests, ScheduleInput input) {
        long now = clock.getAsLong();
        expire(now);
        IpAddress key = input.destAddress();
        Entry en = table.get(key);
        if (en != null) {
            en.lastUse = now;
            Destination d = setMin(en.set);
            if (en.set.size() > 1 && now - (en.lastMod + expiration) > 0) {
                Destination m = setMax(en.set);
                if (m != null) {
                    en.set.remove(m);
                }
            }
            if (d != null && !KernelMath.lblcOverloaded(d, dests)) {
                return Optional.of(d);
            }
            d = KernelMath.weightedLeast(dests);
            if (d == null) {
                return Optional.empty();
            }
            insert(en, d, now, true);
            return Optional.of(d);
        }
        Destination d = KernelMath.weightedLeast(dests);
        if (d == null) {
            return Optional.empty();
        }
        Entry e = new Entry();
        e.lastUse = now;
        insert(e, d, now, false);
        table.put(key, e);
        return Optional.of(d);
    }

    private void expire(long now) {
        while (now - nextCheck >= 0) {
            nextCheck += LocalityBased.CHECK_INTERVAL;
            if (counter % LocalityBased.COUNT_FOR_FULL_EXPIRATION == 0) {
                table.values().removeIf(e -> now - (e.lastUse + expiration) >= 0);
                counter = 1;
                continue;
            }
            if (table.size() <= LocalityBased.MAX_SIZE) {
                counter++;
                continue;
            }
            int goal = Math.min((table.size() - LocalityBased.MAX_SIZE) * 4 / 3, LocalityBased.MAX_SIZE / 2);
            for (Iterator<Entry> it = table.values().iterator(); it.hasNext() && goal > 0; ) {
                if (now - (it.next().lastUse + LocalityBased.ENTRY_TIMEOUT) >= 0) {
                    it.remove();
                    goal--;
                }
            }
        }
    }
}
