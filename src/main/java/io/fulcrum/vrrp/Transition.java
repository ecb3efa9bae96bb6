package io.fulcrum.vrrp;

import java.util.Objects;

/**
 * One state change of an instance, as kept in {@link InstanceStatus#transitions()}.
 *
 * @param atNanos the monotonic time the machine was given when it changed state
 * @param from    the state it left
 * @param to      the state it entered
 * @param reason  why, in a few words ("init", "advertisement timeout", "higher priority 150 from 10.0.0.2")
 */
public record Transition(long atNanos, InstanceState from, InstanceState to, String reason) {

    public Transition {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
    }
}
