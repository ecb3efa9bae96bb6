package io.fulcrum.config;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The track_* entries of one instance or sync group as read: names and weights are checked against the tracked
 * blocks only once the whole configuration is read (keepalived needs those blocks first; Fulcrum does not).
 */
final class TrackerSet {

    /** One entry as written: its place, the name, and the weight and reverse flag if given. */
    record Pending(Args at, String name, OptionalInt weight, Optional<Boolean> reverse) {
    }

    /** The owner as keepalived names it in messages: {@code (VI_1)}. */
    final String owner;
    private final Map<TrackKind, List<Pending>> entries = new EnumMap<>(TrackKind.class);

    TrackerSet(String owner) {
        this.owner = owner;
        for (TrackKind k : TrackKind.values()) {
            entries.put(k, new ArrayList<>());
        }
    }

    List<Pending> of(TrackKind kind) {
        return entries.get(kind);
    }
}
