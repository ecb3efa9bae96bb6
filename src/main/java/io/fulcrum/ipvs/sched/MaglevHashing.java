package io.fulcrum.ipvs.sched;

import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.SchedFlags;
import io.fulcrum.ipvs.ScheduleInput;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * mh (ip_vs_mh.c): Maglev consistent hashing. Each destination gets a permutation of a prime-sized lookup table
 * (offset and skip from SipHash-1-3 of its address+port with the kernel's fixed keys) and takes slots in turn,
 * {@code last_weight/gcd} slots per round, so shares follow weights and quiesced servers keep their slots.
 * The client address (plus source port with mh-port) hashes to a slot; mh-fallback walks on when that
 * destination is unavailable.
 */
public final class MaglevHashing implements Scheduler {

    /** The kernel default (CONFIG_IP_VS_MH_TAB_INDEX 12). */
    public static final int DEFAULT_TABLE_SIZE = 4093;
    static final int TAB_BITS = 12; // IP_VS_MH_TAB_BITS for the default index
    private static final long K1 = 2654435761L;
    private static final long K2 = 2654435801L;

    private final int size;
    private final boolean fallback;
    private final boolean usePort;
    private volatile Destination[] lookup;

    public MaglevHashing(SchedFlags flags, List<Destination> dests) {
        this(DEFAULT_TABLE_SIZE, flags, dests);
    }

    public MaglevHashing(int tableSize, SchedFlags flags, List<Destination> dests) {
        if (!isPrime(tableSize)) {
            throw new IllegalArgumentException("Maglev table size must be prime: " + tableSize);
        }
        this.size = tableSize;
        this.fallback = flags.fallback();
        this.usePort = flags.port();
        this.lookup = new Destination[tableSize];
        destinationsChanged(dests);
    }

    static boolean isPrime(int n) {
        if (n < 2) {
            return false;
        }
        for (int i = 2; (long) i * i <= n; i++) {
            if (n % i == 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String name() {
        return "mh";
    }

    public int tableSize() {
        return size;
    }

    /** hsiphash on 64-bit kernels: SipHash-1-3 of one 32-bit word, truncated to 32 bits. */
    static int hsiphash(int v, long k0, long k1) {
        long v0 = 0x736f6d6570736575L ^ k0;
        long v1 = 0x646f72616e646f6dL ^ k1;
        long v2 = 0x6c7967656e657261L ^ k0;
        long v3 = 0x7465646279746573L ^ k1;
        long b = (4L << 56) | (v & 0xffffffffL);
        v3 ^= b;
        // one compression round
        v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
        v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        v0 ^= b;
        v2 ^= 0xff;
        for (int r = 0; r < 3; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return (int) ((v0 ^ v1) ^ (v2 ^ v3));
    }

    private static int hashKey(int fold, int port, long key, int offset) {
        return hsiphash(offset + port + fold, key, key);
    }

    private int slot(int hash) {
        return (int) (Integer.toUnsignedLong(hash) % size);
    }

    @Override
    public void destinationsChanged(List<Destination> dests) {
        lookup = build(dests);
    }

    private Destination[] build(List<Destination> dests) {
        Destination[] table = new Destination[size];
        int n = dests.size();
        if (n > size) {
            throw new IllegalArgumentException("more destinations than Maglev slots");
        }
        int g = 0;
        int max = 0;
        for (Destination d : dests) {
            int w = d.lastWeight();
            if (w > 0) {
                g = g > 0 ? KernelMath.gcd(w, g) : w;
            }
            max = Math.max(max, w);
        }
        if (g < 1) {
            return table;
        }
        int shift = Math.max(0, (32 - Integer.numberOfLeadingZeros(max / g)) - TAB_BITS);
        int[] perm = new int[n];
        int[] skip = new int[n];
        int[] turns = new int[n];
        for (int i = 0; i < n; i++) {
            Destination d = dests.get(i);
            int fold = ScheduleInput.fold(d.address());
            perm[i] = (int) (Integer.toUnsignedLong(hashKey(fold, d.port(), K1, 0)) % size);
            skip[i] = (int) (Integer.toUnsignedLong(hashKey(fold, d.port(), K2, 0)) % (size - 1)) + 1;
            int lw = d.lastWeight();
            int t = (lw / g) >> shift;
            turns[i] = t != 0 ? t : (lw != 0 ? 1 : 0);
        }
        BitSet used = new BitSet(size);
        int filled = 0;
        int count = 0;
        while (filled < size) {
            for (int i = 0; i < n; ) {
                if (turns[i] < 1) {
                    i++;
                    continue;
                }
                int c = perm[i];
                while (used.get(c)) {
                    c += skip[i];
                    if (c >= size) {
                        c -= size;
                    }
                }
                perm[i] = c;
                used.set(c);
                table[c] = dests.get(i);
                if (++filled == size) {
                    return table;
                }
                if (++count >= turns[i]) {
                    count = 0;
                    i++;
                }
            }
        }
        return table;
    }

    @Override
    public Optional<Destination> pick(List<Destination> dests, ScheduleInput input) {
        Destination[] t = lookup;
        int fold = ScheduleInput.fold(input.clientAddress());
        int port = usePort ? input.clientPort() : 0;
        int ihash = slot(hashKey(fold, port, K1, 0));
        Destination d = t[ihash];
        if (d == null) {
            return Optional.empty();
        }
        if (usable(d)) {
            return Optional.of(d);
        }
        if (!fallback) {
            return Optional.empty();
        }
        for (int offset = 0; offset < size; offset++) {
            int roffset = (offset + ihash) % size;
            d = t[slot(hashKey(fold, port, K1, roffset))];
            if (d == null) {
                break;
            }
            if (usable(d)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    private static boolean usable(Destination d) {
        return d.available() && d.schedulable();
    }
}
