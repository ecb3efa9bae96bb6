package io.fulcrum.ipvs.conn;

import java.util.Arrays;

/**
 * Entries a segment removed under its lock, with the status each had when it was marked expired, kept for the
 * bookkeeping and listeners that run after the lock is released. Reused by the one thread that expires.
 */
final class ExpiryBatch {

    private final Connection[] entries;
    private final int[] statuses;
    private int size;

    ExpiryBatch(int capacity) {
        entries = new Connection[capacity];
        statuses = new int[capacity];
    }

    int capacity() {
        return entries.length;
    }

    boolean full() {
        return size == entries.length;
    }

    void add(Connection c, int status) {
        entries[size] = c;
        statuses[size++] = status;
    }

    int size() {
        return size;
    }

    Connection entry(int i) {
        return entries[i];
    }

    int status(int i) {
        return statuses[i];
    }

    void clear() {
        Arrays.fill(entries, 0, size, null);
        size = 0;
    }
}
