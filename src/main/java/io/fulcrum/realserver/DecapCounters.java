package io.fulcrum.realserver;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** The decapsulator's counters: packets delivered and packets dropped by reason. Safe to read from any thread. */
public final class DecapCounters {

    private final LongAdder decapsulated = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final AtomicLongArray dropped = new AtomicLongArray(DropReason.values().length);

    void delivered(int innerLength) {
        decapsulated.increment();
        bytes.add(innerLength);
    }

    void drop(DropReason reason) {
        dropped.incrementAndGet(reason.ordinal());
    }

    /** Inner packets handed to the TUN interface. */
    public long decapsulated() {
        return decapsulated.sum();
    }

    /** Bytes of those inner packets. */
    public long bytes() {
        return bytes.sum();
    }

    /** Packets dropped for {@code reason}. */
    public long dropped(DropReason reason) {
        return dropped.get(reason.ordinal());
    }

    /** Every reason that dropped at least one packet, with its count, in the order of {@link DropReason}. */
    public Map<DropReason, Long> drops() {
        Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            long n = dropped(r);
            if (n > 0) {
                out.put(r, n);
            }
        }
        return out;
    }

    /** All drops. */
    public long droppedTotal() {
        return drops().values().stream().mapToLong(Long::longValue).sum();
    }

    /** {@code 12 packets decapsulated (1450 bytes), 3 dropped (2 inner destination not the VIP, 1 ...)}. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(decapsulated()).append(decapsulated() == 1 ? " packet" : " packets").append(" decapsulated (")
                .append(bytes()).append(" bytes), ").append(droppedTotal()).append(" dropped");
        Map<DropReason, Long> drops = drops();
        if (!drops.isEmpty()) {
            b.append(" (");
            boolean first = true;
            for (Map.Entry<DropReason, Long> e : drops.entrySet()) {
                b.append(first ? "" : ", ").append(e.getValue()).append(' ').append(e.getKey().text());
                first = false;
            }
            b.append(')');
        }
        return b.toString();
    }
}
