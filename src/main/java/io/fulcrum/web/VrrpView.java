package io.fulcrum.web;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One VRRP instance as the status page shows it.
 *
 * @param name              the instance's name
 * @param vrid              its virtual router id
 * @param interfaceName     its interface ("" when unknown)
 * @param state             MASTER, BACKUP, FAULT, INIT or STOP
 * @param priority          the configured priority
 * @param effectivePriority the priority it advertises, after the trackers
 * @param master            the master it follows (or itself as MASTER), when known
 * @param masterPriority    that master's priority (0 when unknown)
 * @param vips              its virtual addresses
 * @param transitions       the last state changes, oldest first
 */
public record VrrpView(String name, int vrid, String interfaceName, String state, int priority,
                       int effectivePriority, Optional<String> master, int masterPriority, List<String> vips,
                       List<Transition> transitions) {

    /** The states an instance can be in, as the page and the metrics name them. */
    public static final List<String> STATES = List.of("INIT", "BACKUP", "MASTER", "FAULT", "STOP");

    public VrrpView {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(master, "master");
        if (!STATES.contains(state)) {
            throw new IllegalArgumentException("unknown VRRP state " + state);
        }
        vips = List.copyOf(vips);
        transitions = List.copyOf(transitions);
    }

    /**
     * One state change.
     *
     * @param at      wall-clock time, ISO-8601
     * @param from    the state left
     * @param to      the state entered
     * @param reason  why, in a few words
     * @param atNanos the monotonic time of the change (not shown: it tells changes apart for the metrics)
     */
    public record Transition(String at, String from, String to, String reason, @JsonIgnore long atNanos) {
        public Transition {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
