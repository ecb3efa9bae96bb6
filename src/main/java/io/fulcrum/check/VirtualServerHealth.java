package io.fulcrum.check;

import io.fulcrum.config.model.EmailSettings;
import io.fulcrum.config.model.FlushOnStop;
import io.fulcrum.config.model.QuorumSpec;
import io.fulcrum.config.model.RealServer;
import io.fulcrum.config.model.SorryServer;
import io.fulcrum.config.model.VirtualServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The health of one virtual server, decided as keepalived's ipwrapper.c does: {@code init_service_vs},
 * {@code update_svr_checker_state}, {@code perform_svr_state}, {@code update_quorum_state},
 * {@code perform_quorum_state}, {@code update_svr_wgt}, {@code clear_service_vs}, with ipvswrapper.c's
 * inhibit_on_failure rules for table changes (a removal becomes weight 0, an addition of a server still in the table
 * becomes a weight change).
 */
final class VirtualServerHealth {

    final int index;
    final VirtualServer spec;
    final String name;
    final boolean smtpAlert;
    final boolean haSuspend;
    final List<RealServerHealth> members;
    private final RealServerHealth[] byIndex;
    private final List<String> notes;
    private final Optional<SorryServer> sorry;
    private final String sorryName;
    private final boolean sorryDuplicatesRs;
    boolean quorumUp;
    boolean sorryAlive;
    private boolean sorrySet;
    boolean suspended;

    VirtualServerHealth(int index, VirtualServer vs, String name, EmailSettings email) {
        this.index = index;
        this.spec = vs;
        this.name = name;
        this.smtpAlert = vs.smtpAlert().orElse(email.checkerAlertsByDefault());
        this.haSuspend = vs.haSuspend();
        boolean rsAlertDefault = email.smtpAlertChecker().or(email::smtpAlert).orElse(true);
        List<RealServerHealth> list = new ArrayList<>();
        List<String> dupNotes = new ArrayList<>();
        this.byIndex = new RealServerHealth[vs.realServers().size()];
        for (int i = 0; i < byIndex.length; i++) {
            RealServer rs = vs.realServers().get(i);
            String rsName = ServiceNames.realServer(vs, rs);
            if (list.stream().anyMatch(m -> same(m.spec, rs))) {
                dupNotes.add("VS " + name + ": real server " + rsName + " is duplicated - removing second rs");
                continue;
            }
            byIndex[i] = new RealServerHealth(i, rs, rsName, rs.smtpAlert().orElse(rsAlertDefault));
            list.add(byIndex[i]);
        }
        this.members = List.copyOf(list);
        this.notes = List.copyOf(dupNotes);
        this.sorry = vs.sorryServer();
        this.sorryName = sorry.map(s -> ServiceNames.sorryServer(vs, s)).orElse("");
        this.sorryDuplicatesRs = sorry.isPresent() && members.stream().anyMatch(m -> same(m.spec, sorry.get()));
        QuorumSpec q = vs.quorum();
        this.quorumUp = q.quorum() + q.hysteresis() == 0;
    }

    private static boolean same(RealServer a, RealServer b) {
        return a.address().equals(b.address()) && a.port() == b.port();
    }

    private static boolean same(RealServer a, SorryServer s) {
        return a.address().equals(s.address()) && a.port() == s.port();
    }

    /** The live real server at {@code rsIndex}, or null when it was dropped as a duplicate. */
    RealServerHealth member(int rsIndex) {
        return byIndex[rsIndex];
    }

    /** {@code init_service_vs} at start: real servers in (alpha ones out or at weight 0), then the quorum. */
    void start(HealthOutput out, boolean rsInitNotifies) {
        notes.forEach(out::log);
        for (RealServerHealth rs : members) {
            boolean failed = rs.failedCheckers > 0;
            if ((!failed && !rs.alive) || (rs.inhibit && !rs.set)) {
                tableAdd(rs, out);
                out.log("Adding service " + rs.name + " to VS " + name + (failed
                        ? " with weight 0 (inhibit_on_failure)" : ""));
                if (!failed) {
                    rs.alive = true;
                    if (rsInitNotifies) {
                        rsNotifies(rs, false, out);
                    }
                }
            }
        }
        updateQuorumState(true, out);
        if (sorry.isPresent() && sorry.get().inhibit() && !sorrySet) {
            sorrySet = true;
            if (!sorryDuplicatesRs) {
                out.add(new HealthAction.AddSorryServer(index, 0));
                out.log("Adding sorry server " + sorryName + " to VS " + name
                        + " with weight 0 (sorry_server_inhibit)");
            }
        }
    }

    /** {@code update_svr_checker_state}, then the checker epilog's alert. */
    void checkerState(RealServerHealth rs, RealServerHealth.CheckerHealth c, boolean alive, HealthOutput out) {
        boolean checkerWasUp = c.up;
        boolean rsWasAlive = rs.alive;
        if (c.up == alive) {
            if (!c.hasRun) {
                if (c.alpha || !alive) {
                    rsNotifies(rs, false, out);
                }
                c.hasRun = true;
            }
            return;
        }
        c.hasRun = true;
        if (alive ? rs.failedCheckers <= 1 : rs.failedCheckers == 0) {
            performSvrState(rs, alive, out);
        }
        rs.setCheckerState(c, alive);
        if (rs.smtpAlert && checkerWasUp != alive && (rsWasAlive != rs.alive || !out.noCheckerEmails())) {
            HealthOutput.checkerAlertBody(c.keyword, alive)
                    .ifPresent(body -> out.realServerAlert(rs.name, name, rs.alive, body));
        }
    }

    /** {@code update_svr_wgt}: a dynamic weight from a checker. */
    void weight(RealServerHealth rs, long weight, HealthOutput out) {
        int oldWeight = rs.realWeight();
        int newWeight = RealServerHealth.realWeight(weight);
        rs.effectiveWeight = weight;
        if (newWeight == oldWeight) {
            return;
        }
        out.log("Changing weight from " + oldWeight + " to " + newWeight + " for " + (rs.alive ? "" : "in")
                + "active service " + rs.name + " of VS " + name);
        if (rs.set && rs.alive && servingRealServers()) {
            out.add(new HealthAction.SetRealServerWeight(index, rs.index, newWeight));
        }
        updateQuorumState(false, out);
    }

    /** {@code clear_service_vs(stopping)} and {@code clear_services}: omega's notifies and alerts at shutdown. */
    void shutdown(FlushOnStop flush, HealthOutput out) {
        if (flush == FlushOnStop.NONE) {
            if (sorry.isPresent() && sorrySet) {
                sorrySet = false;
                if (!sorryDuplicatesRs) {
                    out.add(new HealthAction.RemoveSorryServer(index));
                }
                sorryAlive = false;
            }
            members.forEach(rs -> shutdown(rs, out));
        }
        quorumUp = false;
        vsNotifies(false, 0, 0, true, out);
    }

    private void shutdown(RealServerHealth rs, HealthOutput out) {
        out.log("Shutting down " + (rs.inhibit && !rs.alive ? "(inhibited) " : "") + "service " + rs.name
                + " from VS " + name);
        if (!rs.set) {
            return;
        }
        rs.set = false;
        out.add(new HealthAction.RemoveRealServer(index, rs.index));
        if (!rs.alive) {
            return;
        }
        rs.alive = false;
        if (!spec.omega()) {
            return;
        }
        rsNotifies(rs, true, out);
        if (rs.smtpAlert) {
            out.realServerAlert(rs.name, name, false, "=> Shutting down <=");
        }
    }

    private void performSvrState(RealServerHealth rs, boolean alive, HealthOutput out) {
        if (rs.alive == alive) {
            return;
        }
        String verb = alive ? (rs.inhibit ? "Enabling" : "Adding") : (rs.inhibit ? "Disabling" : "Removing");
        String preposition = rs.inhibit ? "of" : alive ? "to" : "from";
        out.log(verb + " service " + rs.name + " " + preposition + " VS " + name);
        if (servingRealServers()) {
            if (alive) {
                tableAdd(rs, out);
            } else {
                tableRemove(rs, out);
            }
        }
        rs.alive = alive;
        rsNotifies(rs, false, out);
        updateQuorumState(false, out);
    }

    /** Whether the real servers are the ones in the table: quorum is up, or no sorry server has taken over. */
    private boolean servingRealServers() {
        return quorumUp || sorry.isEmpty() || !sorryAlive;
    }

    private void updateQuorumState(boolean init, HealthOutput out) {
        QuorumSpec q = spec.quorum();
        long sum = liveWeight();
        long threshold = q.quorum() + (quorumUp ? -q.hysteresis() : q.hysteresis());
        if (!quorumUp && sum >= threshold) {
            quorumUp = true;
            out.log("Gained quorum " + q.quorum() + "+" + q.hysteresis() + "=" + threshold + " <= " + sum
                    + " for VS " + name);
            if (sorry.isPresent() && sorryAlive) {
                out.log((sorry.get().inhibit() ? "Disabling" : "Removing") + " sorry server " + sorryName
                        + " from VS " + name);
                sorryRemove(out);
                sorryAlive = false;
                performQuorumState(true, out);
            }
            vsNotifies(init, threshold, sum, false, out);
        } else if ((quorumUp && (sum == 0 || sum < threshold))
                || (init && !quorumUp && sorry.isPresent() && !sorryAlive)) {
            quorumUp = false;
            out.log((init ? "Starting with quorum down " : "Lost quorum ") + q.quorum() + "-" + q.hysteresis() + "="
                    + threshold + " > " + sum + " for VS " + name);
            if (sorry.isPresent() && !sorryAlive) {
                out.log((sorry.get().inhibit() ? "Enabling" : "Adding") + " sorry server " + sorryName + " to VS "
                        + name);
                performQuorumState(false, out);
                sorryAdd(out);
                sorryAlive = true;
            }
            vsNotifies(init, threshold, sum, false, out);
        }
    }

    private void performQuorumState(boolean add, HealthOutput out) {
        out.log((add ? "Adding alive servers to" : "Removing alive servers from") + " the pool for VS " + name);
        for (RealServerHealth rs : members) {
            if (rs.alive) {
                if (add) {
                    tableAdd(rs, out);
                } else {
                    tableRemove(rs, out);
                }
            }
        }
    }

    private long liveWeight() {
        return members.stream().filter(rs -> rs.alive).mapToLong(RealServerHealth::realWeight).sum();
    }

    /** ipvs_cmd(ADD_DEST): a server of inhibit_on_failure still in the table only gets its weight back. */
    private void tableAdd(RealServerHealth rs, HealthOutput out) {
        if (rs.inhibit && rs.set) {
            out.add(new HealthAction.SetRealServerWeight(index, rs.index, rs.realWeight()));
        } else if (!rs.set) {
            rs.set = true;
            int weight = rs.inhibit && rs.failedCheckers > 0 ? 0 : rs.realWeight();
            out.add(new HealthAction.AddRealServer(index, rs.index, weight));
        }
    }

    /** ipvs_cmd(DEL_DEST): with inhibit_on_failure the server stays in the table with weight 0. */
    private void tableRemove(RealServerHealth rs, HealthOutput out) {
        if (rs.inhibit) {
            if (rs.set) {
                out.add(new HealthAction.SetRealServerWeight(index, rs.index, 0));
            } else {
                rs.set = true;
                out.add(new HealthAction.AddRealServer(index, rs.index, 0));
            }
        } else if (rs.set) {
            rs.set = false;
            out.add(new HealthAction.RemoveRealServer(index, rs.index));
        }
    }

    private void sorryAdd(HealthOutput out) {
        if (sorry.orElseThrow().inhibit() && sorrySet) {
            out.add(new HealthAction.SetSorryServerWeight(index, 1));
        } else if (!sorrySet) {
            sorrySet = true;
            out.add(new HealthAction.AddSorryServer(index, 1));
        }
    }

    private void sorryRemove(HealthOutput out) {
        if (sorry.orElseThrow().inhibit()) {
            if (sorrySet) {
                out.add(new HealthAction.SetSorryServerWeight(index, 0));
            } else {
                sorrySet = true;
                out.add(new HealthAction.AddSorryServer(index, 0));
            }
        } else if (sorrySet) {
            sorrySet = false;
            out.add(new HealthAction.RemoveSorryServer(index));
        }
    }

    /** {@code do_rs_notifies}: notify_up or notify_down, and the FIFO line (alerts are the checker's). */
    private void rsNotifies(RealServerHealth rs, boolean stopping, HealthOutput out) {
        out.script(rs.alive ? rs.spec.notifyUp() : rs.spec.notifyDown(), stopping);
        out.fifo("RS " + rs.name + " " + name + " " + HealthOutput.state(rs.alive));
    }

    /** {@code do_vs_notifies}: quorum_up or quorum_down, the FIFO line and the alert; at shutdown only with omega. */
    private void vsNotifies(boolean init, long threshold, long sum, boolean stopping, HealthOutput out) {
        if (stopping && !spec.omega()) {
            return;
        }
        QuorumSpec q = spec.quorum();
        out.script(quorumUp ? q.up() : q.down(), stopping);
        out.fifo("VS " + name + " " + HealthOutput.state(quorumUp));
        if (smtpAlert) {
            String what = quorumUp ? (init ? "Starting with quorum up" : "Gained quorum")
                    : (init ? "Starting with quorum down" : "Lost quorum");
            out.virtualServerAlert(name, quorumUp, stopping ? "=> Shutting down <="
                    : "=> " + what + " " + q.quorum() + "+" + q.hysteresis() + "=" + threshold + " <= " + sum + " <=");
        }
    }

    /** Whether the sorry server is in the table serving (weight 1). */
    boolean sorryServing() {
        return sorryAlive;
    }
}
