package io.fulcrum.vrrp;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.VrrpInstance;
import io.fulcrum.config.model.VrrpState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The state machine of one VRRP instance (RFC 3768 / RFC 5798 section 6.4, with keepalived 2.2.7's behaviour and
 * log lines): every input returns the actions to perform, in order, and changes nothing outside the machine.
 * Time is the monotonic nanoseconds the caller passes; the caller calls {@link #timer(long)} once
 * {@code now >= nextDeadline()}.
 *
 * <p>Not thread-safe: one owner thread feeds it.
 */
public final class VrrpMachine {

    /** How many transitions {@link InstanceStatus#transitions()} keeps. */
    public static final int HISTORY = 20;

    private static final int OWNER = 255;

    private final InstanceSettings settings;
    private final VrrpInstance spec;
    private final String label;
    private final ProtocolClock clock;
    private final GarpSchedule garp;
    private final TransitionHistory history = new TransitionHistory(HISTORY);
    private MasterGate gate = MasterGate.ALWAYS;

    private InstanceState state = InstanceState.INIT;
    private int basePriority;
    private int effectivePriority;
    private Optional<InstanceStatus.Master> master = Optional.empty();
    private boolean trackFault;
    private String trackReason = "";
    private boolean groupFault;
    private String groupReason = "";
    /** A BACKUP whose down timer expired but whose sync group is not ready: keepalived's wantstate MASTER. */
    private boolean held;
    /** An unweighted vrrp_script has not reported yet ({@link TrackStatus#awaiting}). */
    private boolean awaiting;
    /** {@code unicast_fault_no_peer} without peers: keepalived's config fault, FAULT for good. */
    private final boolean configFault;
    /** Started while {@link #awaiting}: held in INIT, as keepalived holds an instance with num_script_init. */
    private boolean starting;

    public VrrpMachine(InstanceSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.spec = settings.spec();
        this.label = "(" + spec.name() + ")";
        this.clock = new ProtocolClock(spec);
        this.garp = new GarpSchedule(spec.garp());
        this.basePriority = spec.priority();
        this.effectivePriority = spec.priority();
        this.configFault = spec.unicast().faultNoPeer() && spec.unicast().peers().isEmpty();
    }

    public String name() {
        return spec.name();
    }

    public InstanceState state() {
        return state;
    }

    /**
     * Starts the instance (RFC 5798 6.4.1): FAULT if tracking says so, MASTER at once for an address owner
     * configured {@code state MASTER}, else BACKUP with the Master_Down timer running. While an unweighted
     * vrrp_script has not reported, the instance stays in INIT (no line, no timer, adverts ignored) and comes up
     * when {@link #track} says the scripts have: BACKUP (or MASTER for the address owner) if all is well, FAULT
     * if a script failed, with keepalived's lines {@code (VI_1) Entering BACKUP STATE} / {@code Entering FAULT
     * STATE} (vrrp_state_leave_fault).
     */
    public List<VrrpAction> start(long now) {
        if (state != InstanceState.INIT || starting) {
            throw new IllegalStateException(label + " is already started");
        }
        if (configFault) {
            List<VrrpAction> out = new ArrayList<>();
            log(out, label + " Cannot use unicast without any peers - going to fault state");
            log(out, label + " Entering FAULT STATE (init)");
            enter(InstanceState.FAULT, now, "no unicast peers", out);
            return out;
        }
        if (awaiting && !trackFault && !groupFault) {
            starting = true;
            return new ArrayList<>();
        }
        List<VrrpAction> out = new ArrayList<>();
        if (trackFault || groupFault) {
            if (trackFault && !trackReason.isEmpty()) {
                // keepalived's initialise_*_tracking_priorities lines; the process one has no colon
                String sep = trackReason.startsWith("(tracked process ") ? " " : ": ";
                log(out, label + sep + "entering FAULT state " + trackReason);
            }
            log(out, label + " Entering FAULT STATE (init)");
            enter(InstanceState.FAULT, now, faultReason(), out);
            return out;
        }
        if (spec.state() == VrrpState.MASTER && basePriority == OWNER) {
            if (gate.mayBecomeMaster(this)) {
                becomeMaster(now, "address owner", out);
                return out;
            }
            held = true;
        }
        log(out, label + " Entering BACKUP STATE (init)");
        enter(InstanceState.BACKUP, now, "init", out);
        clock.armMasterDown(now, effectivePriority);
        return out;
    }

    /** keepalived's try_up_instance / down_instance for an instance held in INIT by its scripts. */
    private void leaveInit(long now, List<VrrpAction> out) {
        if (trackFault || groupFault) {
            starting = false;
            log(out, label + " Entering FAULT STATE");
            enter(InstanceState.FAULT, now, faultReason(), out);
            return;
        }
        if (awaiting) {
            return;
        }
        starting = false;
        if (spec.state() == VrrpState.MASTER && basePriority == OWNER) {
            if (gate.mayBecomeMaster(this)) {
                becomeMaster(now, "address owner", out);
                return;
            }
            held = true;
        }
        log(out, label + " Entering BACKUP STATE");
        enter(InstanceState.BACKUP, now, "track scripts reported", out);
        clock.armMasterDown(now, effectivePriority);
    }

    /** A received advertisement that passed the receive checks, from {@code source}. */
    public List<VrrpAction> advert(VrrpAdvert a, IpAddress source, long now) {
        Objects.requireNonNull(a, "advert");
        Objects.requireNonNull(source, "source");
        if (a.vrid() != spec.vrid()) {
            throw new IllegalArgumentException(label + " got an advert for VRID " + a.vrid());
        }
        List<VrrpAction> out = new ArrayList<>();
        if (basePriority == OWNER && spec.adverts().ownerIgnoreAdverts()) {
            return out;
        }
        switch (state) {
            case BACKUP -> backupReceived(a, source, now, out);
            case MASTER -> masterReceived(a, source, now, out);
            case INIT, FAULT, STOP -> {
                // keepalived ignores adverts while in FAULT or not yet initialised
            }
        }
        return out;
    }

    /** Handles every timer due at {@code now}: the master-down or advert timer, and the GARP bursts. */
    public List<VrrpAction> timer(long now) {
        List<VrrpAction> out = new ArrayList<>();
        if (clock.due(now)) {
            switch (state) {
                case BACKUP -> {
                    detail(out, label + " Receive advertisement timeout");
                    gotoMaster(now, "advertisement timeout", out);
                }
                case MASTER -> {
                    out.add(new VrrpAction.SendAdvert(effectivePriority));
                    clock.armAdvert(now);
                }
                case INIT, FAULT, STOP -> clock.disarm();
            }
        }
        if (state == InstanceState.MASTER) {
            garp.fire(now, out);
        }
        return out;
    }

    /** When {@link #timer(long)} is next due, or {@link Long#MAX_VALUE} when nothing is pending. */
    public long nextDeadline() {
        return state == InstanceState.MASTER ? Math.min(clock.deadline(), garp.nextDeadline()) : clock.deadline();
    }

    /**
     * Applies what the trackers say ({@link Tracking}): a new effective priority is used from the next advert on
     * (a MASTER stays MASTER until a higher advert arrives); a fault moves the instance to FAULT, its end back to
     * BACKUP with a full Master_Down timer. Before {@link #start(long)} it only records the status.
     */
    public List<VrrpAction> track(TrackStatus status, long now) {
        Objects.requireNonNull(status, "status");
        List<VrrpAction> out = new ArrayList<>();
        int priority = basePriority == OWNER ? OWNER : Math.clamp(status.effectivePriority(), 1, OWNER - 1);
        if (priority != effectivePriority) {
            log(out, label + " Changing effective priority from " + effectivePriority + " to " + priority);
            effectivePriority = priority;
            clock.priorityChanged(priority, state == InstanceState.BACKUP);
        }
        boolean wasFault = trackFault || groupFault;
        trackFault = status.fault();
        trackReason = status.reason();
        awaiting = status.awaiting();
        if (configFault) {
            return out;
        } else if (starting) {
            leaveInit(now, out);
        } else if (!wasFault && trackFault) {
            goFault(now, faultReason(), out);
        } else if (!trackFault && !groupFault && !awaiting) {
            leaveFault(now, "tracking recovered", out);
        }
        return out;
    }

    /**
     * Stops the instance: a MASTER resigns with a priority-0 advert and removes its addresses; every state ends
     * in STOP.
     */
    public List<VrrpAction> stop(long now) {
        List<VrrpAction> out = new ArrayList<>();
        switch (state) {
            case STOP -> {
                return out;
            }
            case MASTER -> leaveMaster(InstanceState.STOP, now, "stop", true, out);
            case INIT, BACKUP, FAULT -> enter(InstanceState.STOP, now, "stop", out);
        }
        clock.disarm();
        held = false;
        starting = false;
        return out;
    }

    public InstanceStatus status() {
        Optional<InstanceStatus.Master> m = switch (state) {
            case MASTER -> Optional.of(new InstanceStatus.Master(settings.primaryAddress(), effectivePriority));
            case BACKUP -> master;
            case INIT, FAULT, STOP -> Optional.empty();
        };
        return new InstanceStatus(spec.name(), spec.vrid(), state, basePriority, effectivePriority,
                clock.interval(), m, history.snapshot());
    }

    // ---- sync group hooks (package-private) ----

    void gate(MasterGate g) {
        gate = Objects.requireNonNull(g, "gate");
    }

    /** keepalived's wantstate MASTER: MASTER, or a BACKUP held back by its sync group. */
    boolean wantsMaster() {
        return state == InstanceState.MASTER || (state == InstanceState.BACKUP && held);
    }

    /** An unweighted tracker of this instance itself has failed, or its configuration puts it in FAULT. */
    boolean ownFault() {
        return trackFault || configFault;
    }

    List<VrrpAction> syncMaster(long now, String reason) {
        List<VrrpAction> out = new ArrayList<>();
        if (state == InstanceState.BACKUP) {
            becomeMaster(now, reason, out);
        }
        return out;
    }

    List<VrrpAction> syncBackup(long now, String reason) {
        List<VrrpAction> out = new ArrayList<>();
        if (state == InstanceState.MASTER) {
            leaveMaster(InstanceState.BACKUP, now, reason, false, out);
        }
        return out;
    }

    /**
     * Another member of the sync group, as MASTER, received a lower-priority advert: keepalived sends this
     * member's {@code garp_lower_prio_repeat} burst too (and the delayed one), if it holds its addresses.
     */
    List<VrrpAction> syncLowerPriority(long now) {
        List<VrrpAction> out = new ArrayList<>();
        if (state == InstanceState.MASTER) {
            garp.lowerPriorityAdvert(now, out);
        }
        return out;
    }

    List<VrrpAction> syncFault(long now, String reason) {
        List<VrrpAction> out = new ArrayList<>();
        boolean wasFault = trackFault || groupFault;
        groupFault = true;
        groupReason = reason;
        if (starting) {
            leaveInit(now, out);
        } else if (!wasFault) {
            goFault(now, reason, out);
        }
        return out;
    }

    List<VrrpAction> syncRelease(long now, String reason) {
        List<VrrpAction> out = new ArrayList<>();
        groupFault = false;
        if (starting) {
            leaveInit(now, out);
        } else if (!trackFault && !awaiting) {
            leaveFault(now, reason, out);
        }
        return out;
    }

    // ---- receiving ----

    private void backupReceived(VrrpAdvert a, IpAddress source, long now, List<VrrpAction> out) {
        int prio = a.priority();
        if (prio == 0) {
            detail(out, label + " Backup received priority 0 advertisement");
            clock.armSkew(now, effectivePriority);
            return;
        }
        if (!spec.nopreempt() && prio < effectivePriority && !clock.preemptDelaying(now)) {
            log(out, label + " received lower priority (" + prio + ") advert from " + source + " - discarding");
            return;
        }
        clock.learn(a.interval()).ifPresent(l -> detail(out, l));
        master = Optional.of(new InstanceStatus.Master(source, prio));
        clock.accepted(prio < effectivePriority, now).ifPresent(l -> detail(out, l));
        held = false;
        clock.armMasterDown(now, effectivePriority);
    }

    private void masterReceived(VrrpAdvert a, IpAddress source, long now, List<VrrpAction> out) {
        int prio = a.priority();
        int cmp = compareWithOurs(source);
        boolean higher = prio > effectivePriority || (prio == effectivePriority && cmp > 0);
        if (prio == 0 || (spec.adverts().higherPrioSendAdvert() && higher)) {
            out.add(new VrrpAction.SendAdvert(effectivePriority));
            if (prio == 0) {
                detail(out, label + " Master received priority 0 message");
                restartAdvertTimer(now);
                return;
            }
        }
        if (prio == effectivePriority) {
            if (cmp == 0) {
                log(out, label + " WARNING - equal priority advert received from remote host with our IP address.");
            } else if (effectivePriority == OWNER) {
                log(out, label + " CONFIGURATION ERROR: local instance and a remote instance are both configured as"
                        + " address owner, please fix - reducing local priority");
                effectivePriority = OWNER - 1;
                basePriority = OWNER - 1;
            }
        }
        if (prio < effectivePriority || (prio == effectivePriority && cmp < 0)) {
            boolean noAdvert = spec.adverts().lowerPrioNoAdvert();
            log(out, label + " Received advert from " + source + " with lower priority " + prio + ", ours "
                    + effectivePriority + (noAdvert ? "" : ", forcing new election"));
            if (!noAdvert) {
                out.add(new VrrpAction.SendAdvert(effectivePriority));
            }
            garp.lowerPriorityAdvert(now, out);
            out.add(new VrrpAction.MasterRxLowerPriority(prio));
            restartAdvertTimer(now);
            return;
        }
        if (prio > effectivePriority || (prio == effectivePriority && cmp > 0)) {
            log(out, prio > effectivePriority
                    ? label + " Master received advert from " + source + " with higher priority " + prio + ", ours "
                            + effectivePriority
                    : label + " Master received advert from " + source + " with same priority " + prio
                            + " but higher IP address than ours");
            clock.learn(a.interval()).ifPresent(l -> detail(out, l));
            master = Optional.of(new InstanceStatus.Master(source, prio));
            leaveMaster(InstanceState.BACKUP, now, "higher priority " + prio + " from " + source, false, out);
            return;
        }
        restartAdvertTimer(now);
    }

    /** Positive when {@code source} is above our advert source address (it wins a priority tie). */
    private int compareWithOurs(IpAddress source) {
        IpAddress ours = settings.primaryAddress();
        return source.isV4() == ours.isV4() ? Integer.signum(source.compareTo(ours)) : 0;
    }

    /** keepalived resets the advert timer after any advert a MASTER processed, unless lower_prio_no_advert. */
    private void restartAdvertTimer(long now) {
        if (!spec.adverts().lowerPrioNoAdvert()) {
            clock.armAdvert(now);
        }
    }

    // ---- transitions ----

    private void gotoMaster(long now, String reason, List<VrrpAction> out) {
        if (!gate.mayBecomeMaster(this)) {
            held = true;
            clock.armMasterDown(now, effectivePriority);
            return;
        }
        becomeMaster(now, reason, out);
    }

    /** keepalived's order: advert first (so the old master drops the VIPs), VIPs, GARPs, notifies, timers. */
    private void becomeMaster(long now, String reason, List<VrrpAction> out) {
        held = false;
        out.add(new VrrpAction.SendAdvert(effectivePriority));
        log(out, label + " Entering MASTER STATE");
        clock.revertOnMaster().ifPresent(l -> detail(out, l));
        out.add(new VrrpAction.AddAddresses());
        garp.becameMaster(now, out);
        master = Optional.empty();
        enter(InstanceState.MASTER, now, reason, out);
        garp.scheduleSecondBurst(now);
        clock.armAdvert(now);
    }

    /** keepalived's vrrp_state_leave_master / vrrp_restore_interface. */
    private void leaveMaster(InstanceState to, long now, String reason, boolean resign, List<VrrpAction> out) {
        switch (to) {
            case BACKUP -> {
                log(out, label + " Entering BACKUP STATE");
                clock.clearPreempt();
            }
            case FAULT -> log(out, label + " Entering FAULT STATE");
            case INIT, MASTER, STOP -> {
                // shutdown has no state line
            }
        }
        if (resign) {
            out.add(new VrrpAction.SendAdvert(0));
            detail(out, label + " sent 0 priority");
        }
        out.add(new VrrpAction.RemoveAddresses());
        garp.cancel();
        enter(to, now, reason, out);
        if (to == InstanceState.BACKUP) {
            clock.armMasterDown(now, effectivePriority);
        } else {
            clock.disarm();
        }
    }

    private void goFault(long now, String reason, List<VrrpAction> out) {
        switch (state) {
            case MASTER -> leaveMaster(InstanceState.FAULT, now, reason, true, out);
            case BACKUP -> {
                log(out, label + " Entering FAULT STATE");
                enter(InstanceState.FAULT, now, reason, out);
                clock.disarm();
                held = false;
            }
            case INIT, FAULT, STOP -> {
                // start() or nothing
            }
        }
    }

    /** keepalived's try_up_instance / vrrp_state_leave_fault: back to BACKUP with a full down timer. */
    private void leaveFault(long now, String reason, List<VrrpAction> out) {
        if (state != InstanceState.FAULT || configFault) {
            return;
        }
        log(out, label + " Entering BACKUP STATE");
        clock.clearPreempt();
        clock.resetInterval();
        enter(InstanceState.BACKUP, now, reason, out);
        clock.armMasterDown(now, effectivePriority);
    }

    private void enter(InstanceState to, long now, String reason, List<VrrpAction> out) {
        InstanceState from = state;
        state = to;
        if (to != InstanceState.BACKUP) {
            master = Optional.empty();
        }
        history.add(new Transition(now, from, to, reason));
        out.add(new VrrpAction.StateChanged(from, to, effectivePriority));
    }

    private String faultReason() {
        if (trackFault) {
            return trackReason.isEmpty() ? "tracking" : trackReason;
        }
        return groupReason;
    }

    private static void log(List<VrrpAction> out, String line) {
        out.add(new VrrpAction.Log(line, false));
    }

    private static void detail(List<VrrpAction> out, String line) {
        out.add(new VrrpAction.Log(line, true));
    }
}
