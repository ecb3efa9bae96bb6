package io.fulcrum.ipvs.sched;

import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.SchedFlags;
import io.fulcrum.ipvs.ScheduleInput;
import java.util.List;
import java.util.Optional;

/**
 * sh (ip_vs_sh.c): 256 buckets, each destination filling as many consecutive buckets as its weight (at least
 * one), cycling through the list; the client address (and with sh-port the client port) hashes with hash_32 to
 * a bucket. With sh-fallback an unavailable bucket moves on through rehashed offsets.
 */
public final class SourceHashing implements Scheduler {

    static final int TAB_BITS = 8;
    static final int TAB_SIZE = 1 << TAB_BITS;

    private final boolean fallback;
    private final boolean usePort;
    private volatile Destination[] buckets = new Destination[TAB_SIZE];

    public SourceHashing(SchedFlags flags, List<Destination> dests) {
        this.fallback = flags.fallback();
        this.usePort = flags.port();
        destinationsChanged(dests);
    }

    @Override
    public String name() {
        return "sh";
    }

    static int hashKey(int addrFold, int port, int offset) {
        return (offset + KernelMath.hash32(port + addrFold, TAB_BITS)) % TAB_SIZE;
    }

    @Override
    public void destinationsChanged(List<Destination> dests) {
        Destination[] b = new Destination[TAB_SIZE];
        if (!dests.isEmpty()) {
            int p = 0;
            int count = 0;
            for (int i = 0; i < TAB_SIZE; i++) {
                Destination d = dests.get(p);
                b[i] = d;
                if (++count >= d.weight()) {
                    p = (p + 1) % dests.size();
                    count = 0;
                }
            }
        }
        buckets = b;
    }

    @Override
    public Optional<Destination> pick(List<Destination> dests, ScheduleInput input) {
        Destination[] b = buckets;
        int fold = ScheduleInput.fold(input.clientAddress());
        int port = usePort ? input.clientPort() : 0;
        int ihash = hashKey(fold, port, 0);
        Destination d = b[ihash];
        if (d == null) {
            return Optional.empty();
        }
        if (usable(d)) {
            return Optional.of(d);
        }
        if (!fallback) {
            return Optional.empty();
        }
        for (int offset = 0; offset < TAB_SIZE; offset++) {
            int roffset = (offset + ihash) % TAB_SIZE;
            d = b[hashKey(fold, port, roffset)];
            if (usable(d)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    private static boolean usable(Destination d) {
        return d != null && d.available() && d.schedulable();
    }
}
