package io.fulcrum.ipvs.sched;

import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.ScheduleInput;
import java.util.List;
import java.util.Optional;

/**
 * dh (ip_vs_dh.c): 256 buckets filled round-robin with the destinations (weights ignored); the packet's
 * destination address hashes (addr * 2654435761) &amp; 255 to a bucket; unavailable there means no destination.
 */
public final class DestinationHashing implements Scheduler {

    static final int TAB_SIZE = 256;

    private volatile Destination[] buckets = new Destination[TAB_SIZE];

    public DestinationHashing(List<Destination> dests) {
        destinationsChanged(dests);
    }

    @Override
    public String name() {
        return "dh";
    }

    /** The bucket of an address (for tests and diagnostics). */
    public static int bucket(io.fulcrum.common.IpAddress a) {
        return (ScheduleInput.fold(a) * (int) 2654435761L) & (TAB_SIZE - 1);
    }

    @Override
    public void destinationsChanged(List<Destination> dests) {
        Destination[] b = new Destination[TAB_SIZE];
        if (!dests.isEmpty()) {
            for (int i = 0; i < TAB_SIZE; i++) {
                b[i] = dests.get(i % dests.size());
            }
        }
        buckets = b;
    }

    @Override
    public Optional<Destination> pick(List<Destination> dests, ScheduleInput input) {
        Destination d = buckets[bucket(input.destAddress())];
        return d != null && d.available() && d.schedulable() ? Optional.of(d) : Optional.empty();
    }
}
