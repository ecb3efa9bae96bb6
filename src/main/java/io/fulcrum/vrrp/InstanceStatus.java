package io.fulcrum.vrrp;

import io.fulcrum.common.IpAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one instance for the status page, the control socket and the metrics. Times are the monotonic
 * nanoseconds the machine was given; turning them into wall-clock time is the caller's business.
 *
 * @param name              the instance's name
 * @param vrid              its virtual router id
 * @param state             its state now
 * @param basePriority      the configured priority (254 once an address-owner conflict has lowered it)
 * @param effectivePriority the priority it advertises, after the trackers
 * @param interval          the advertisement interval in force: the master's learnt one for a VRRPv3 backup,
 *                          else the configured one
 * @param master            the master it follows as BACKUP (its address and priority), or itself as MASTER
 * @param transitions       the last state changes, oldest first
 */
public record InstanceStatus(String name, int vrid, InstanceState state, int basePriority, int effectivePriority,
        Duration interval, Optional<Master> master, List<Transition> transitions) {

    public InstanceStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(master, "master");
        transitions = List.copyOf(transitions);
    }

    /** The current master as this instance knows it. */
    public record Master(IpAddress address, int priority) {
        public Master {
            Objects.requireNonNull(address, "address");
        }
    }
}
