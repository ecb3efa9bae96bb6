package io.fulcrum.dataplane.packet;

import java.util.List;

/**
 * The engine's neighbour cache: an immutable snapshot of {@link NextHop}s, republished whole by the resolver (the
 * daemon's side, which asks the kernel's neighbour table). Lookups are an allocation-free open-addressing probe.
 */
final class NextHops {

    static final NextHops EMPTY = new NextHops(List.of());

    private final long[] highs;
    private final long[] lows;
    private final boolean[] used;
    private final long[] macs;
    private final int[] ifindexes;
    private final int mask;
    private final List<NextHop> hops;

    NextHops(List<NextHop> hops) {
        this.hops = List.copyOf(hops);
        int size = Integer.highestOneBit(Math.max(4, hops.size() * 4) - 1) << 1;
        highs = new long[size];
        lows = new long[size];
        used = new boolean[size];
        macs = new long[size];
        ifindexes = new int[size];
        mask = size - 1;
        for (NextHop h : this.hops) {
            long high = Addresses.high(h.address());
            long low = Addresses.low(h.address());
            int i = slot(high, low);
            while (used[i] && !(highs[i] == high && lows[i] == low)) {
                i = (i + 1) & mask;
            }
            used[i] = true;
            highs[i] = high;
            lows[i] = low;
            macs[i] = h.mac();
            ifindexes[i] = h.ifindex();
        }
    }

    private int slot(long high, long low) {
        long x = (high * 0x9E3779B97F4A7C15L) ^ (low * 0xC2B2AE3D27D4EB4FL);
        return (int) (x ^ (x >>> 29)) & mask;
    }

    /** The slot of that address, or -1 when it has no next hop (yet). */
    int find(long high, long low) {
        int i = slot(high, low);
        while (used[i]) {
            if (highs[i] == high && lows[i] == low) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    long mac(int slot) {
        return macs[slot];
    }

    int ifindex(int slot) {
        return ifindexes[slot];
    }

    List<NextHop> all() {
        return hops;
    }
}
