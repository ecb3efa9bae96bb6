package io.fulcrum.ipvs.sched;

import io.fulcrum.ipvs.Destination;
import java.util.List;

/** Small pieces of kernel arithmetic shared by schedulers. */
final class KernelMath {

    static final int GOLDEN_RATIO_32 = 0x61C88647;

    private KernelMath() {
    }

    /** linux/hash.h hash_32: multiplicative hash, top {@code bits} bits. */
    static int hash32(int val, int bits) {
        return (val * GOLDEN_RATIO_32) >>> (32 - bits);
    }

    static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** Index of {@code d} in {@code list} by identity, trying {@code hint} first; -1 when absent. */
    static int indexOf(List<Destination> list, Destination d, int hint) {
        if (d == null) {
            return -1;
        }
        if (hint >= 0 && hint < list.size() && list.get(hint) == d) {
            return hint;
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == d) {
                return i;
            }
        }
        return -1;
    }

    /** The weighted-least-connection choice shared by wlc and lblc (first available, then h1*w2 > h2*w1). */
    static Destination weightedLeast(List<Destination> dests) {
        Destination least = null;
        long loh = 0;
        for (int i = 0, n = dests.size(); i < n; i++) {
            Destination d = dests.get(i);
            if (d.overloaded()) {
                continue;
            }
            if (least == null) {
                if (d.weight() > 0) {
                    least = d;
                    loh = d.overhead();
                }
                continue;
            }
            long doh = d.overhead();
            if (loh * d.weight() > doh * least.weight()) {
                least = d;
                loh = doh;
            }
        }
        return least;
    }

    /** lblc/lblcr is_overloaded: busier than its weight while some server is at less than half its weight. */
    static boolean lblcOverloaded(Destination dest, List<Destination> all) {
        if (dest.activeConns() > dest.weight()) {
            for (Destination d : all) {
                if (d.activeConns() * 2 < d.weight()) {
                    return true;
                }
            }
        }
        return false;
    }
}
