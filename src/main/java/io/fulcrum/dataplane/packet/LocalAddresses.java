package io.fulcrum.dataplane.packet;

import io.fulcrum.common.IpAddress;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The addresses on this director's interfaces now, as the engine checks a virtual address against them: IPVS sees
 * a packet only when its destination is local (the VRRP master holds the VIP), so the engine forwards a VIP's
 * traffic only while the VIP is on the director. Immutable; an allocation-free scan (few addresses is the rule).
 */
public final class LocalAddresses {

    static final LocalAddresses NONE = new LocalAddresses(List.of());

    private final List<IpAddress> list;
    private final long[] highs;
    private final long[] lows;
    private final boolean[] v6;

    public LocalAddresses(List<IpAddress> addresses) {
        list = List.copyOf(new LinkedHashSet<>(addresses));
        int n = list.size();
        highs = new long[n];
        lows = new long[n];
        v6 = new boolean[n];
        for (int i = 0; i < n; i++) {
            IpAddress a = list.get(i);
            highs[i] = Addresses.high(a);
            lows[i] = Addresses.low(a);
            v6[i] = a.isV6();
        }
    }

    /** Whether that address (IPv4 in {@code low}, as {@link Frame} gives it) is on this host. */
    boolean contains(boolean isV6, long high, long low) {
        for (int i = 0; i < lows.length; i++) {
            if (lows[i] == low && highs[i] == high && v6[i] == isV6) {
                return true;
            }
        }
        return false;
    }

    public List<IpAddress> addresses() {
        return list;
    }
}
