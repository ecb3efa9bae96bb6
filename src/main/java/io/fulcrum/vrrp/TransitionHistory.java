package io.fulcrum.vrrp;

import java.util.ArrayDeque;
import java.util.List;

/** The last few transitions of an instance, oldest first; older ones are dropped. */
final class TransitionHistory {

    private final int capacity;
    private final ArrayDeque<Transition> entries = new ArrayDeque<>();

    TransitionHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    void add(Transition t) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(t);
    }

    List<Transition> snapshot() {
        return List.copyOf(entries);
    }
}
