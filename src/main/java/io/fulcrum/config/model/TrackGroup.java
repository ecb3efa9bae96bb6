package io.fulcrum.config.model;

import java.util.List;
import java.util.Objects;

/**
 * A {@code track_group}: the instances that go to FAULT when a static address, route or rule naming the group is
 * lost and cannot be restored.
 */
public record TrackGroup(String name, List<String> members) {

    public TrackGroup {
        Objects.requireNonNull(name, "name");
        members = List.copyOf(members);
        if (name.isEmpty() || members.isEmpty()) {
            throw new IllegalArgumentException("a track_group needs a name and members");
        }
    }
}
