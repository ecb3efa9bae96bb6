package io.fulcrum.control;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The VRRP instances of a daemon as {@code fulcrum status} shows them.
 *
 * @param running   whether the daemon runs VRRP at all (false: no instance configured, or started with --check)
 * @param instances one entry per instance, in configuration order
 */
public record VrrpStatus(boolean running, List<Instance> instances) {

    public VrrpStatus {
        instances = List.copyOf(instances);
    }

    /**
     * One instance.
     *
     * @param name              the vrrp_instance name
     * @param vrid              virtual_router_id
     * @param interfaceName     its interface
     * @param state             INIT, BACKUP, MASTER, FAULT or STOP
     * @param priority          configured priority
     * @param effectivePriority priority after tracking weights
     * @param intervalMillis    advert interval in force (a VRRPv3 backup learns the master's)
     * @param master            address of the current master (this host's own when MASTER), when known
     * @param masterPriority    the master's advertised priority (0 when not known)
     * @param vips              the virtual addresses
     * @param transitions       the latest state changes, oldest first
     */
    public record Instance(String name, int vrid, String interfaceName, String state, int priority,
            int effectivePriority, long intervalMillis, Optional<String> master, int masterPriority,
            List<String> vips, List<Transition> transitions) {
        public Instance {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(interfaceName, "interfaceName");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(master, "master");
            vips = List.copyOf(vips);
            transitions = List.copyOf(transitions);
        }
    }

    /**
     * One state change.
     *
     * @param at     wall-clock time, ISO-8601
     * @param from   previous state
     * @param to     new state
     * @param reason why, in words
     */
    public record Transition(String at, String from, String to, String reason) {
        public Transition {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
