package io.fulcrum.vrrp;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The counters behind {@link VrrpStats} for one instance: counted on the engine's thread, read and cleared from
 * any thread (keepalived's stats dump and STATS_CLEAR).
 */
final class InstanceCounters {

    private static final int RECEIVED = 0;
    private static final int SENT = 1;
    private static final int BECAME_MASTER = 2;
    private static final int RELEASED_MASTER = 3;
    private static final int LENGTH = 4;
    private static final int TTL = 5;
    private static final int TYPE = 6;
    private static final int INTERVAL = 7;
    private static final int ADDRESS_LIST = 8;
    private static final int AUTH_TYPE_INVALID = 9;
    private static final int AUTH_TYPE_MISMATCH = 10;
    private static final int AUTH_FAILURE = 11;
    private static final int PRIORITY_ZERO_RECEIVED = 12;
    private static final int PRIORITY_ZERO_SENT = 13;
    private static final int CHECKSUM = 14;
    private static final int VERSION = 15;
    private static final int SIZE = 16;

    private final String name;
    private final AtomicLongArray counts = new AtomicLongArray(SIZE);

    InstanceCounters(String name) {
        this.name = name;
    }

    /** A packet the instance's receive checks dropped, counted as keepalived counts it (some reasons are not). */
    void dropped(Verdict.Reason reason) {
        switch (reason) {
            case TOO_SHORT, TOO_LONG, IP_LENGTH_MISMATCH -> add(LENGTH);
            case TTL -> add(TTL);
            case WRONG_TYPE -> add(TYPE);
            case INTERVAL_MISMATCH -> add(INTERVAL);
            case WRONG_DESTINATION -> add(ADDRESS_LIST);
            case AUTH_TYPE_INVALID -> add(AUTH_TYPE_INVALID);
            case AUTH_TYPE_MISMATCH, AH_MISMATCH -> add(AUTH_TYPE_MISMATCH);
            case WRONG_PASSWORD, AH_NOT_SUPPORTED -> add(AUTH_FAILURE);
            case CHECKSUM -> add(CHECKSUM);
            case WRONG_VERSION -> add(VERSION);
            // checked after keepalived counts the advert as received
            case OWNER_IGNORES_ADVERTS, NOT_A_PEER, PEER_TTL -> add(RECEIVED);
            case FAMILY, VRID_MISMATCH -> {
                // not this instance's packet: keepalived counts nothing
            }
        }
    }

    /** An advert that passed the checks; {@code addressMismatch} when its address list differs. */
    void accepted(int priority, boolean addressMismatch) {
        add(RECEIVED);
        if (addressMismatch) {
            add(ADDRESS_LIST);
        }
        if (priority == 0) {
            add(PRIORITY_ZERO_RECEIVED);
        }
    }

    void sent(int priority) {
        add(SENT);
        if (priority == 0) {
            add(PRIORITY_ZERO_SENT);
        }
    }

    void stateChanged(InstanceState from, InstanceState to) {
        if (to == InstanceState.MASTER && from != InstanceState.MASTER) {
            add(BECAME_MASTER);
        } else if (from == InstanceState.MASTER && to != InstanceState.MASTER) {
            add(RELEASED_MASTER);
        }
    }

    private void add(int index) {
        counts.incrementAndGet(index);
    }

    VrrpStats snapshot() {
        return new VrrpStats(name, counts.get(RECEIVED), counts.get(SENT), counts.get(BECAME_MASTER),
                counts.get(RELEASED_MASTER), counts.get(LENGTH), counts.get(TTL), counts.get(TYPE),
                counts.get(INTERVAL), counts.get(ADDRESS_LIST), counts.get(AUTH_TYPE_INVALID),
                counts.get(AUTH_TYPE_MISMATCH), counts.get(AUTH_FAILURE), counts.get(PRIORITY_ZERO_RECEIVED),
                counts.get(PRIORITY_ZERO_SENT), counts.get(CHECKSUM), counts.get(VERSION));
    }

    void clear() {
        for (int i = 0; i < SIZE; i++) {
            counts.set(i, 0);
        }
    }
}
