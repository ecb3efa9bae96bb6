package io.fulcrum.config.model;

import java.util.Objects;

/**
 * One tracked object of an instance or sync group (an interface, vrrp_script, track_file, vrrp_track_process or
 * bfd_instance), with its effective weight.
 *
 * @param name    the interface or the named block
 * @param weight  0 = failure puts the instance in FAULT; positive = added while up; negative = subtracted while
 *                down (already defaulted from the tracked block when the entry did not give one)
 * @param reverse inverts the sense of the weight
 */
public record Tracked(String name, int weight, boolean reverse) {

    public Tracked {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a tracked object needs a name");
        }
    }

    public Tracked withWeight(int newWeight) {
        return new Tracked(name, newWeight, reverse);
    }
}
