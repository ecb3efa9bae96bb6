package io.fulcrum.check;

import io.fulcrum.config.model.CheckerSpec;
import io.fulcrum.config.model.GlobalDefs;
import io.fulcrum.config.model.VirtualServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The health of every configured virtual and real server, as keepalived's checker process keeps it (ipwrapper.c),
 * as a pure state machine: it starts from keepalived's start-up decision (the same one the daemon's table loader
 * makes: real servers in unless an alpha checker holds them, quorum, sorry server), then takes checker reports
 * ({@link HealthEvent}) and returns the effects as {@link HealthAction}s: table changes, log lines, notify scripts,
 * alerts and FIFO lines. A real server is up when all its checkers are (one without checkers always is); a virtual
 * server has quorum while the weights of its up real servers reach quorum + hysteresis (when gaining) and until they
 * fall below quorum - hysteresis (when losing); without quorum a sorry server takes over.
 * <p>Not thread-safe: the daemon's control thread owns it. A real server that repeats an earlier one of its virtual
 * server (same address and port) is dropped, with its checkers, as keepalived does.
 */
public final class HealthState {

    private final GlobalDefs globals;
    private final List<VirtualServerHealth> virtualServers;
    private final HealthOutput out;
    private boolean started;
    private boolean stopped;

    /**
     * @param virtualServers the configured virtual servers (their indexes name them in {@link CheckerId})
     * @param globals        global_defs: router_id, e-mail settings, FIFOs, rs_init_notifies, lvs_flush_on_stop
     * @param hostName       the local host name, used in alerts when router_id is not set
     */
    public HealthState(List<VirtualServer> virtualServers, GlobalDefs globals, String hostName) {
        this.globals = Objects.requireNonNull(globals, "globals");
        this.out = new HealthOutput(globals, Objects.requireNonNull(hostName, "hostName"));
        List<String> names = ServiceNames.virtualServers(virtualServers);
        List<VirtualServerHealth> list = new ArrayList<>();
        for (int i = 0; i < virtualServers.size(); i++) {
            list.add(new VirtualServerHealth(i, virtualServers.get(i), names.get(i), globals.email()));
        }
        this.virtualServers = List.copyOf(list);
    }

    /** Every checker to run, in configuration order (duplicated real servers left out). */
    public List<CheckerId> checkers() {
        List<CheckerId> ids = new ArrayList<>();
        for (VirtualServerHealth vs : virtualServers) {
            for (RealServerHealth rs : vs.members) {
                for (int c = 0; c < rs.checkers.size(); c++) {
                    ids.add(new CheckerId(vs.index, rs.index, c));
                }
            }
        }
        return List.copyOf(ids);
    }

    /** The real server a checker belongs to, with keepalived's names, to build the checker with. */
    public CheckTarget target(CheckerId id) {
        VirtualServerHealth vs = vs(id.vsIndex());
        RealServerHealth rs = member(vs, id);
        return new CheckTarget(vs.spec, rs.spec, vs.name, rs.name);
    }

    /** The configured checker {@code id} names. */
    public CheckerSpec spec(CheckerId id) {
        return member(vs(id.vsIndex()), id).spec.checkers().get(id.checkerIndex());
    }

    /** When checker {@code id} runs (global checker_log_all_failures applied). */
    public CheckerTiming timing(CheckerId id) {
        return CheckerTiming.of(spec(id), globals.email().checkerLogAllFailures());
    }

    /**
     * keepalived's start: for each virtual server its real servers go in (those held down by an alpha checker stay
     * out, or go in with weight 0 with inhibit_on_failure), the quorum is decided ("Gained quorum ..." with
     * quorum_up, or "Starting with quorum down ..." with the sorry server taking over), a sorry_server_inhibit
     * sorry server goes in with weight 0; then each checker is announced ("Activating healthchecker for service
     * ... for VS ...", "Deactivating" for a virtual server already suspended). Call once, before any event.
     */
    public List<HealthAction> startActions() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        for (VirtualServerHealth vs : virtualServers) {
            vs.start(out, globals.lvs().rsInitNotifies());
        }
        for (VirtualServerHealth vs : virtualServers) {
            checkerLines(vs, vs.suspended ? "Deactivating" : "Activating", out);
        }
        return out.drain();
    }

    /**
     * A reload's migration (keepalived's checker {@code migrate}): before {@link #startActions()}, checker
     * {@code id} takes the up/down state (and whether it has run) of checker {@code fromId} of {@code from}, the
     * state that ran the same checker before; when both real servers have the same configured weight, a dynamic
     * weight (misc_dynamic, FILE_CHECK) is kept too. The start then decides with these states, as keepalived's
     * {@code init_service_vs} does after a reload.
     */
    public void carry(CheckerId id, HealthState from, CheckerId fromId) {
        if (started) {
            throw new IllegalStateException("carry comes before the start");
        }
        RealServerHealth rs = member(vs(id.vsIndex()), id);
        RealServerHealth old = member(from.vs(fromId.vsIndex()), fromId);
        RealServerHealth.CheckerHealth c = rs.checkers.get(id.checkerIndex());
        RealServerHealth.CheckerHealth previous = old.checkers.get(fromId.checkerIndex());
        rs.setCheckerState(c, previous.up);
        c.hasRun = previous.hasRun;
        if (rs.spec.weight() == old.spec.weight()) {
            rs.effectiveWeight = old.effectiveWeight;
        }
    }

    /** Whether checker {@code id} is up (its last verdict, or the state it started in). */
    public boolean checkerUp(CheckerId id) {
        return member(vs(id.vsIndex()), id).checkers.get(id.checkerIndex()).up;
    }

    /** Applies one checker report; events after {@link #shutdownActions()} change nothing. */
    public List<HealthAction> onEvent(HealthEvent event) {
        if (!started) {
            throw new IllegalStateException("not started");
        }
        VirtualServerHealth vs = vs(event.checker().vsIndex());
        RealServerHealth rs = member(vs, event.checker());
        if (stopped) {
            return List.of();
        }
        RealServerHealth.CheckerHealth c = rs.checkers.get(event.checker().checkerIndex());
        switch (event) {
            case HealthEvent.CheckerUp up -> vs.checkerState(rs, c, true, out);
            case HealthEvent.CheckerDown down -> vs.checkerState(rs, c, false, out);
            case HealthEvent.WeightChanged w -> vs.weight(rs, w.weight(), out);
        }
        return out.drain();
    }

    /**
     * ha_suspend: the virtual server's address left this host, so its checkers stop probing (the runner skips them)
     * and keep their state: "Suspending healthchecker for service ... for VS ...". Nothing for a virtual server
     * without ha_suspend, or one already suspended. Before {@link #startActions()} it only marks the start state.
     */
    public List<HealthAction> suspend(int vsIndex) {
        return activity(vsIndex, true);
    }

    /** ha_suspend: the address is back: "Activating healthchecker for service ... for VS ...". */
    public List<HealthAction> resume(int vsIndex) {
        return activity(vsIndex, false);
    }

    private List<HealthAction> activity(int vsIndex, boolean suspend) {
        VirtualServerHealth vs = vs(vsIndex);
        if (!vs.haSuspend || vs.suspended == suspend) {
            return List.of();
        }
        vs.suspended = suspend;
        if (started && !stopped) {
            checkerLines(vs, suspend ? "Suspending" : "Activating", out);
        }
        return out.drain();
    }

    /**
     * keepalived's shutdown (clear_services): with lvs_flush_on_stop unset each real and sorry server is taken
     * out ("Shutting down service ... from VS ..."), and with omega the real servers that were up run notify_down
     * (with alerts and FIFO lines) and every virtual server runs quorum_down ("=> Shutting down <="). With
     * lvs_flush_on_stop the caller flushes the table and only omega's virtual server notifies remain. The services
     * themselves are the caller's to delete. Later calls return nothing.
     */
    public List<HealthAction> shutdownActions() {
        if (stopped) {
            return List.of();
        }
        stopped = true;
        for (VirtualServerHealth vs : virtualServers) {
            vs.shutdown(globals.lvs().flushOnStop(), out);
        }
        return out.drain();
    }

    /** Whether the virtual server has quorum. */
    public boolean quorumUp(int vsIndex) {
        return vs(vsIndex).quorumUp;
    }

    /** Whether the sorry server has taken over the virtual server. */
    public boolean sorryServing(int vsIndex) {
        return vs(vsIndex).sorryServing();
    }

    /** Whether the real server is up (all its checkers up); false for a dropped duplicate. */
    public boolean realServerUp(int vsIndex, int rsIndex) {
        RealServerHealth rs = vs(vsIndex).member(rsIndex);
        return rs != null && rs.alive;
    }

    /** The real server's weight as IPVS would get it (its dynamic weight, clamped). */
    public int realServerWeight(int vsIndex, int rsIndex) {
        RealServerHealth rs = vs(vsIndex).member(rsIndex);
        return rs == null ? 0 : rs.realWeight();
    }

    /** Whether ha_suspend currently holds the virtual server's checkers. */
    public boolean suspended(int vsIndex) {
        return vs(vsIndex).suspended;
    }

    private static void checkerLines(VirtualServerHealth vs, String verb, HealthOutput out) {
        for (RealServerHealth rs : vs.members) {
            for (RealServerHealth.CheckerHealth c : rs.checkers) {
                if (c.launched) {
                    out.log(verb + " healthchecker for service " + rs.name + " for VS " + vs.name);
                }
            }
        }
    }

    private VirtualServerHealth vs(int vsIndex) {
        if (vsIndex < 0 || vsIndex >= virtualServers.size()) {
            throw new IllegalArgumentException("no virtual server " + vsIndex);
        }
        return virtualServers.get(vsIndex);
    }

    private static RealServerHealth member(VirtualServerHealth vs, CheckerId id) {
        if (id.rsIndex() >= vs.spec.realServers().size() || vs.member(id.rsIndex()) == null) {
            throw new IllegalArgumentException("no real server for " + id);
        }
        RealServerHealth rs = vs.member(id.rsIndex());
        if (id.checkerIndex() >= rs.checkers.size()) {
            throw new IllegalArgumentException("no " + id);
        }
        return rs;
    }
}
