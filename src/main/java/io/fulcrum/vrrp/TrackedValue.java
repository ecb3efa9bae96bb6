package io.fulcrum.vrrp;

/**
 * The current state of a tracked object: up or down for interfaces, scripts, process quorums and BFD sessions;
 * the number read from the file for a {@code track_file}.
 */
public sealed interface TrackedValue {

    TrackedValue UP = new Up();
    TrackedValue DOWN = new Down();

    /** The interface is up, the script succeeds, the quorum is met, the session is up. */
    record Up() implements TrackedValue {
    }

    /** The opposite of {@link Up}. */
    record Down() implements TrackedValue {
    }

    /** The number in a tracked file (keepalived reads it with strtol; 0 when unreadable). */
    record FileValue(long value) implements TrackedValue {
    }

    static TrackedValue of(boolean up) {
        return up ? UP : DOWN;
    }
}
