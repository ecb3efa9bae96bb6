package io.fulcrum.ipvs.sched;

import io.fulcrum.common.IpAddress;
import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.ScheduleInput;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * lblc (ip_vs_lblc.c): remembers a destination per packet destination address. The remembered one is used while
 * it is available, has weight, and is not "overloaded" (more active connections than its weight while another
 * server is below half of its weight); otherwise wlc chooses and the entry is updated. Entries expire by the
 * injected clock: every 60 s a check runs; every 30th check (or when the table is over 16384 entries) removes
 * entries unused for the expiration (24 h) or, for the oversize trim, for 6 minutes.
 */
public final class LocalityBased implements Scheduler {

    static final long CHECK_INTERVAL = 60_000_000_000L;
    static final long ENTRY_TIMEOUT = 6 * 60_000_000_000L;
    static final int COUNT_FOR_FULL_EXPIRATION = 30;
    static final int MAX_SIZE = 1024 * 16;
    public static final long DEFAULT_EXPIRATION = 24 * 3600_000_000_000L;

    private record Entry(Destination dest, long lastUse) {
    }

    private final LongSupplier clock;
    private final long expiration;
    private final Map<IpAddress, Entry> table = new LinkedHashMap<>();
    private long nextCheck;
    private int counter = 1;

    public LocalityBased(LongSupplier nanoClock, long expirationNanos) {
        this.clock = nanoClock;
        this.expiration = expirationNanos;
        this.nextCheck = nanoClock.getAsLong() + CHECK_INTERVAL;
    }

    @Override
    public String name() {
        return "lblc";
    }

    public synchronized int entries() {
        return table.size();
    }

    @Override
    public synchronized Optional<Destination> pick(List<Destination> dests, ScheduleInput input) {
        long now = clock.getAsLong();
        expire(now);
        IpAddress key = input.destAddress();
        Entry en = table.get(key);
        if (en != null) {
            Destination d = en.dest();
            table.put(key, new Entry(d, now));
            if (d.available() && d.weight() > 0 && !KernelMath.lblcOverloaded(d, dests)) {
                return Optional.of(d);
            }
        }
        Destination d = KernelMath.weightedLeast(dests);
        if (d == null) {
            return Optional.empty();
        }
        table.put(key, new Entry(d, now));
        return Optional.of(d);
    }

    private void expire(long now) {
        while (now - nextCheck >= 0) {
            nextCheck += CHECK_INTERVAL;
            if (counter % COUNT_FOR_FULL_EXPIRATION == 0) {
                table.values().removeIf(e -> now - (e.lastUse() + expiration) >= 0);
                counter = 1;
                continue;
            }
            if (table.size() <= MAX_SIZE) {
                counter++;
                continue;
            }
            int goal = Math.min((table.size() - MAX_SIZE) * 4 / 3, MAX_SIZE / 2);
            for (Iterator<Entry> it = table.values().iterator(); it.hasNext() && goal > 0; ) {
                if (now - (it.next().lastUse() + ENTRY_TIMEOUT) >= 0) {
                    it.remove();
                    goal--;
                }
            }
        }
    }
}
