package io.fulcrum.ipvs.conn;

/**
 * The table's hash of an entry's bucket key: protocol, family, client address and client port (the kernel hashes
 * the same fields, so inbound and outbound lookups, which both know the client, find the same chain). Keyed by a
 * random seed per table and chained through one round of a 64-bit finalizer per part (low word; high word unless
 * it is 0, as for IPv4; protocol and port), so that clients cannot aim their addresses and ports at one chain.
 */
final class KeyHash {

    private final long seed;

    KeyHash(long seed) {
        this.seed = seed;
    }

    int of(int protoFamily, long high, long low, int port) {
        long h = mix(seed ^ low);
        if (high != 0) { // IPv4 has none
            h = mix(h ^ high);
        }
        h = mix(h ^ ((long) protoFamily << 16 | port));
        return (int) (h ^ (h >>> 32));
    }

    int of(Connection c) {
        return of(c.meta() & (Connection.PROTO_MASK | Connection.V6), c.clientHigh, c.clientLow, c.clientPort());
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
