package io.fulcrum.lab;

import io.fulcrum.common.IpAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Check 2: nginx stops on a real server; it leaves the table of the director holding the VIP within the time its
 * health checks may take, requests keep succeeding without it, and it comes back when nginx starts again.
 */
final class RealServerFailureCheck {

    private final CheckSupport c;

    RealServerFailureCheck(CheckSupport c) {
        this.c = c;
    }

    void run(Evidence r) throws LabException, InterruptedException {
        Lab lab = c.lab();
        ClusterSpec.Service s = c.service();
        LabPlan.Director holder = c.holder();
        Map<String, Integer> live = c.live(holder, s, r, "table before, on the " + holder.role() + " director");
        Optional<LabPlan.Server> victimOpt = live.keySet().stream()
                .map(k -> lab.plan().server(IpAddress.parse(k))).flatMap(Optional::stream)
                .filter(x -> !x.sorry()).findFirst();
        if (victimOpt.isEmpty()) {
            r.problem("no live real server of the lab in the table to stop");
            return;
        }
        LabPlan.Server victim = victimOpt.get();
        String key = victim.address().toString();
        if (s.failureWindow().isZero()) {
            r.problem(victim.name() + " has no health checker in the configuration: it would never leave the table");
            return;
        }
        boolean sticky = SchedulerOrder.kind(s.scheduler(), s.persistent()) == SchedulerOrder.Kind.STICKY;
        try {
            Duration within = s.failureWindow().plus(LabChecks.SLACK);
            c.narrator().say("Stopping nginx on " + victim.name() + " (" + victim.address() + "), as 'systemctl stop"
                    + " nginx' would");
            c.narrator().say("Then the health checks should take " + victim.name() + " out of the table (waiting up to "
                    + within.toSeconds() + " s)");
            Deadline d = Deadline.in(within);
            lab.stopWeb(victim);
            boolean gone = d.await(() -> !c.liveNow(s).containsKey(key));
            if (!gone) {
                r.problem(victim.name() + " was still in the table after " + Deadline.seconds(d.elapsed()));
                c.live(c.currentHolder(), s, r, "table then");
                return;
            }
            r.see(victim.name() + " left the table " + Deadline.seconds(d.elapsed()) + " after nginx stopped");
            Map<String, Integer> rest = c.live(c.currentHolder(), s, r, "table without it");
            c.narrator().say("Sending requests again: they should all succeed, none from " + victim.name());
            List<String> seen = new ArrayList<>(c.sequence(s, c.clientAddress(), Math.max(4, 2 * rest.size()), r));
            if (sticky) {
                seen.addAll(fromNewClients(s, Math.max(4, 2 * live.size()), r));
            }
            if (seen.stream().anyMatch(java.util.Objects::isNull)) {
                r.problem("requests failed while " + victim.name() + " was out of the table");
            }
            if (seen.contains(key)) {
                r.problem("requests still reached " + victim.name() + " after it left the table");
            }
        } finally {
            if (!lab.webRunning(victim)) {
                c.narrator().say("Starting nginx on " + victim.name() + " again: the health checks should put it back"
                        + " (waiting up to " + s.recoveryWindow().plus(LabChecks.SLACK).toSeconds() + " s)");
            }
            lab.startWeb(victim);
        }
        Duration within = s.recoveryWindow().plus(LabChecks.SLACK);
        Deadline d = Deadline.in(within);
        boolean back = d.await(() -> c.liveNow(s).containsKey(key));
        if (!back) {
            r.problem(victim.name() + " was not back in the table " + Deadline.seconds(d.elapsed())
                    + " after nginx started again");
            c.live(c.currentHolder(), s, r, "table then");
            return;
        }
        r.see(victim.name() + " came back " + Deadline.seconds(d.elapsed()) + " after nginx started again");
        Map<String, Integer> after = c.live(c.currentHolder(), s, r, "table after");
        List<String> seen;
        if (sticky) {
            c.narrator().say("Sending a request from each of " + Math.max(4, 2 * after.size()) + " new client"
                    + " addresses (persistence keeps the old clients where they are): " + victim.name()
                    + " should answer some");
            seen = fromNewClients(s, Math.max(4, 2 * after.size()), r);
        } else {
            c.narrator().say("Sending requests: " + victim.name() + " should answer some again");
            seen = c.sequence(s, c.clientAddress(), Math.max(4, 2 * after.size()), r);
        }
        if (seen.stream().anyMatch(java.util.Objects::isNull)) {
            r.problem("requests failed after " + victim.name() + " came back");
        }
        if (!seen.contains(key)) {
            r.problem(victim.name() + " answered none of the requests after it came back");
        }
    }

    /** One request from each of {@code n} client addresses lent for it. */
    private List<String> fromNewClients(ClusterSpec.Service s, int n, Evidence r) throws LabException {
        List<IpAddress> fresh = c.lab().freshClients(n);
        try {
            List<String> seen = new ArrayList<>();
            for (IpAddress a : fresh) {
                seen.addAll(c.sequence(s, a, 1, r));
            }
            return seen;
        } finally {
            c.lab().releaseClients(fresh);
        }
    }
}
