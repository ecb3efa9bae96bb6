package io.fulcrum.vrrp;

import io.fulcrum.config.model.VrrpSyncGroup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps the members of a {@code vrrp_sync_group} in step, with keepalived's rules (vrrp_sync.c and the TSM of
 * vrrp_scheduler.c): a member may become MASTER only when every other member wants to as well (until then its
 * expired down timer is re-armed and it waits); when one becomes MASTER the waiting ones follow; when a MASTER
 * member falls back to BACKUP the other MASTERs follow; when any member faults, all go to FAULT and stay there
 * until no member has a fault of its own, then all come up as BACKUP together.
 *
 * <p>Pure coordination: after the engine has given a member any input ({@code start}, {@code advert},
 * {@code timer}, {@code track}), it calls {@link #afterChange} with the member's state before that input and
 * performs the returned actions of each member. Not thread-safe: the members' owner thread drives it.
 */
public final class SyncGroup {

    /** The group moved from one state to another: the engine runs the group's notify scripts. */
    public record GroupTransition(InstanceState from, InstanceState to) {
        public GroupTransition {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    /**
     * What the group decided after a member's change.
     *
     * @param logs       the group's log lines ({@code VRRP_Group(G) Syncing instances to MASTER state})
     * @param transition the group's own state change, if any
     * @param actions    the actions of the members it moved, by instance name, each list in order
     */
    public record Outcome(List<String> logs, Optional<GroupTransition> transition,
            Map<String, List<VrrpAction>> actions) {
        public Outcome {
            logs = List.copyOf(logs);
            Objects.requireNonNull(transition, "transition");
            actions = Collections.unmodifiableMap(new LinkedHashMap<>(actions));
        }

        public boolean isEmpty() {
            return logs.isEmpty() && transition.isEmpty() && actions.isEmpty();
        }
    }

    private final VrrpSyncGroup spec;
    private final List<VrrpMachine> members;
    private final String label;
    private InstanceState state = InstanceState.INIT;

    /** Takes over the members' MASTER decision; {@code members} are the machines of {@code spec.members()}. */
    public SyncGroup(VrrpSyncGroup spec, List<VrrpMachine> members) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.members = List.copyOf(members);
        this.label = "VRRP_Group(" + spec.name() + ")";
        List<String> names = this.members.stream().map(VrrpMachine::name).toList();
        if (!names.equals(spec.members())) {
            throw new IllegalArgumentException(label + " has members " + spec.members() + ", not " + names);
        }
        for (VrrpMachine m : this.members) {
            m.gate(this::mayBecomeMaster);
        }
    }

    public String name() {
        return spec.name();
    }

    /** The group's state: INIT until its members have started. */
    public InstanceState state() {
        return state;
    }

    /** Brings the other members into line after {@code member} went from {@code before} to its present state. */
    public Outcome afterChange(VrrpMachine member, InstanceState before, long now) {
        if (!members.contains(member)) {
            throw new IllegalArgumentException(member.name() + " is not a member of " + label);
        }
        Map<String, List<VrrpAction>> actions = new LinkedHashMap<>();
        List<String> logs = new ArrayList<>();
        InstanceState from = state;
        InstanceState after = member.state();
        String reason = "sync group " + spec.name();
        if (members.stream().anyMatch(VrrpMachine::ownFault)) {
            if (state != InstanceState.FAULT) {
                logs.add(before == InstanceState.INIT ? label + ": Syncing " + member.name() + " to FAULT state"
                        : label + " Syncing instances to FAULT state");
                for (VrrpMachine m : members) {
                    collect(actions, m, m.syncFault(now, reason));
                }
                state = InstanceState.FAULT;
            }
        } else if (state == InstanceState.FAULT) {
            logs.add(label + " Syncing instances to BACKUP state");
            for (VrrpMachine m : members) {
                collect(actions, m, m.syncRelease(now, reason));
            }
            state = InstanceState.BACKUP;
        } else if (after == InstanceState.MASTER && state != InstanceState.MASTER) {
            logs.add(label + " Syncing instances to MASTER state");
            for (VrrpMachine m : members) {
                collect(actions, m, m.syncMaster(now, reason));
            }
            state = InstanceState.MASTER;
        } else if (after == InstanceState.BACKUP && state != InstanceState.BACKUP
                && (before == InstanceState.MASTER || state == InstanceState.INIT)) {
            if (state != InstanceState.INIT) {
                logs.add(label + " Syncing instances to BACKUP state");
            }
            for (VrrpMachine m : members) {
                collect(actions, m, m.syncBackup(now, reason));
            }
            state = InstanceState.BACKUP;
        }
        Optional<GroupTransition> t = from == state ? Optional.empty() : Optional.of(new GroupTransition(from, state));
        return new Outcome(logs, t, actions);
    }

    /**
     * {@code member}, MASTER, received a lower-priority advert: the other members that hold their addresses send
     * their own lower-priority GARP bursts (vrrp.c vrrp_state_master_rx), as actions by instance name.
     */
    public Map<String, List<VrrpAction>> lowerPriorityReceived(VrrpMachine member, long now) {
        if (!members.contains(member)) {
            throw new IllegalArgumentException(member.name() + " is not a member of " + label);
        }
        Map<String, List<VrrpAction>> actions = new LinkedHashMap<>();
        for (VrrpMachine m : members) {
            if (m != member) {
                collect(actions, m, m.syncLowerPriority(now));
            }
        }
        return actions;
    }

    /** keepalived's vrrp_sync_can_goto_master: only when every other member wants MASTER too. */
    private boolean mayBecomeMaster(VrrpMachine m) {
        return state == InstanceState.MASTER
                || members.stream().filter(x -> x != m).allMatch(VrrpMachine::wantsMaster);
    }

    private static void collect(Map<String, List<VrrpAction>> actions, VrrpMachine m, List<VrrpAction> out) {
        if (!out.isEmpty()) {
            actions.put(m.name(), out);
        }
    }
}
