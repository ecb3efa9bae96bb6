package io.fulcrum.lab;

import io.fulcrum.common.IpAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The seeds' three checks against a lab that is up:
 * <ol>
 *   <li>repeated requests from the client reach every real server, in the scheduler's order (with persistence:
 *       one client address stays on one real server, several addresses reach them all);</li>
 *   <li>a real server whose nginx stops leaves the master's table, requests keep succeeding without it, and it
 *       comes back when nginx starts again;</li>
 *   <li>the director holding the VIP dies: the other takes the VIP, the client's neighbour entry for the VIP turns
 *       to its MAC, and requests succeed again. The dead director is then brought back.</li>
 * </ol>
 * Each check records what it saw as evidence; a check that cannot run fails with the reason.
 */
public final class LabChecks {

    /** Slack on top of a configuration's own timings: a loaded machine, JVM pauses, a poll interval. */
    static final Duration SLACK = Duration.ofSeconds(5);

    private final Lab lab;
    private final Narrator narrator;

    public LabChecks(Lab lab, Narrator narrator) {
        this.lab = lab;
        this.narrator = narrator;
    }

    /** Runs the three checks in order, after bringing back whatever an interrupted earlier run left stopped. */
    public List<CheckResult> runAll() throws InterruptedException {
        try {
            repair();
        } catch (LabException e) {
            narrator.say("Could not bring the lab back to its starting state: " + e.getMessage());
        }
        List<CheckResult> out = new ArrayList<>();
        out.add(guard(1, "requests reach every real server in the scheduler's order", this::scheduling));
        out.add(guard(2, "a real server whose nginx stops leaves the table and comes back", this::realServerFailure));
        out.add(guard(3, "the master director dies: the VIP moves to the backup", this::directorFailure));
        return out;
    }

    /** Starts again what an earlier, interrupted run stopped: a real server's nginx, a killed director. */
    void repair() throws LabException, InterruptedException {
        for (LabPlan.Server s : lab.plan().servers()) {
            if (!lab.webRunning(s)) {
                narrator.say("nginx on " + s.name() + " is not running (an interrupted earlier run?): starting it");
                lab.startWeb(s);
            }
        }
        boolean revived = false;
        for (LabPlan.Director d : lab.plan().directors()) {
            if (!lab.directorRunning(d)) {
                narrator.say("The " + d.role() + " director is not running (an interrupted earlier run?): starting it");
                lab.reviveDirector(d);
                revived = true;
            }
        }
        if (revived || lab.holders().size() != 1) {
            Duration advert = lab.plan().directors().stream().map(LabPlan.Director::advertInterval)
                    .max(Duration::compareTo).orElse(Duration.ofSeconds(1));
            LabPlan.Director expected = lab.plan().expectedHolder();
            Deadline.in(advert.multipliedBy(4).plus(SLACK)).await(() -> lab.holders().equals(List.of(expected)));
        }
    }

    @FunctionalInterface
    private interface Body {
        void run(Recorder r) throws LabException, InterruptedException;
    }

    private CheckResult guard(int n, String title, Body body) throws InterruptedException {
        narrator.begin(n, title);
        Recorder r = new Recorder();
        try {
            body.run(r);
        } catch (LabException e) {
            r.problem("could not go on: " + e.getMessage());
        }
        CheckResult result = new CheckResult(n, title, r.problems.isEmpty(), r.evidence, r.problems);
        narrator.end(result);
        return result;
    }

    private final class Recorder {
        final List<String> evidence = new ArrayList<>();
        final List<String> problems = new ArrayList<>();

        void see(String line) {
            evidence.add(line.stripTrailing());
            narrator.saw(line.stripTrailing());
        }

        void problem(String line) {
            problems.add(line);
        }
    }

    // ---- check 1

    private void scheduling(Recorder r) throws LabException, InterruptedException {
        ClusterSpec.Service s = service();
        LabPlan.Director holder = holder();
        r.see("real servers: " + String.join(", ", lab.plan().servers().stream()
                .map(x -> x.name() + " = " + x.address()).toList()));
        Map<String, Integer> live = live(holder, s, r, "table on the " + holder.role() + " director");
        if (live.isEmpty()) {
            r.problem("the table has no live real server for " + s.endpoint());
            return;
        }
        SchedulerOrder.Kind kind = SchedulerOrder.kind(s.scheduler(), s.persistent());
        switch (kind) {
            case ORDERED -> {
                Map<String, Integer> shares = SchedulerOrder.roundShares(s.scheduler(), live);
                int p = SchedulerOrder.period(shares);
                int n = Math.min(40, 2 * p);
                narrator.say("Sending " + n + " requests from the client " + clientAddress() + " to " + s.endpoint()
                        + " (" + s.scheduler() + ": every real server, in turn)");
                List<String> seen = sequence(s, clientAddress(), n, r);
                r.problems.addAll(SchedulerOrder.checkOrdered(seen, shares));
            }
            case STICKY -> {
                String why = s.persistent() ? "persistence_timeout " + s.persistenceTimeout() : s.scheduler();
                int n = Math.max(4, 2 * live.size());
                narrator.say("Sending " + n + " requests from the client " + clientAddress() + " (" + why
                        + ": they should all reach one real server)");
                Map<String, List<String>> bySource = new LinkedHashMap<>();
                bySource.put(clientAddress().toString(), sequence(s, clientAddress(), n, r));
                narrator.say("Sending 2 requests from each of " + lab.plan().clientExtras().size()
                        + " further client addresses (each should stay on one real server; together they should"
                        + " reach all)");
                for (IpAddress a : lab.plan().clientExtras()) {
                    bySource.put(a.toString(), sequence(s, a, 2, r));
                }
                r.problems.addAll(SchedulerOrder.checkSticky(bySource, live.keySet()));
            }
            case BY_DESTINATION, LEAST, OTHER -> {
                int n = Math.max(6, 2 * live.size());
                narrator.say("Sending " + n + " requests from the client " + clientAddress() + " (" + s.scheduler()
                        + ": the order is not fixed)");
                List<String> seen = sequence(s, clientAddress(), n, r);
                if (seen.stream().anyMatch(java.util.Objects::isNull)) {
                    r.problem("some requests failed");
                }
                if (kind == SchedulerOrder.Kind.LEAST) {
                    for (String k : live.keySet()) {
                        if (!seen.contains(k)) {
                            r.problem(label(k) + " answered none of the requests");
                        }
                    }
                } else {
                    r.see("(" + s.scheduler() + " does not spread one client's requests: only their success is"
                            + " checked)");
                }
            }
        }
    }

    // ---- check 2

    private void realServerFailure(Recorder r) throws LabException, InterruptedException {
        ClusterSpec.Service s = service();
        LabPlan.Director holder = holder();
        Map<String, Integer> live = live(holder, s, r, "table before, on the " + holder.role() + " director");
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
            Duration within = s.failureWindow().plus(SLACK);
            narrator.say("Stopping nginx on " + victim.name() + " (" + victim.address() + "), as 'systemctl stop"
                    + " nginx' would");
            narrator.say("Then the health checks should take " + victim.name() + " out of the table (waiting up to "
                    + within.toSeconds() + " s)");
            Deadline d = Deadline.in(within);
            lab.stopWeb(victim);
            boolean gone = d.await(() -> !liveNow(s).containsKey(key));
            if (!gone) {
                r.problem(victim.name() + " was still in the table after " + Deadline.seconds(d.elapsed()));
                live(currentHolder(), s, r, "table then");
                return;
            }
            r.see(victim.name() + " left the table " + Deadline.seconds(d.elapsed()) + " after nginx stopped");
            Map<String, Integer> rest = live(currentHolder(), s, r, "table without it");
            narrator.say("Sending requests again: they should all succeed, none from " + victim.name());
            List<String> seen = new ArrayList<>(sequence(s, clientAddress(), Math.max(4, 2 * rest.size()), r));
            if (sticky) {
                for (IpAddress a : lab.plan().clientExtras()) {
                    seen.addAll(sequence(s, a, 1, r));
                }
            }
            if (seen.stream().anyMatch(java.util.Objects::isNull)) {
                r.problem("requests failed while " + victim.name() + " was out of the table");
            }
            if (seen.contains(key)) {
                r.problem("requests still reached " + victim.name() + " after it left the table");
            }
        } finally {
            if (!lab.webRunning(victim)) {
                narrator.say("Starting nginx on " + victim.name() + " again: the health checks should put it back"
                        + " (waiting up to " + s.recoveryWindow().plus(SLACK).toSeconds() + " s)");
            }
            lab.startWeb(victim);
        }
        Duration within = s.recoveryWindow().plus(SLACK);
        Deadline d = Deadline.in(within);
        boolean back = d.await(() -> liveNow(s).containsKey(key));
        if (!back) {
            r.problem(victim.name() + " was not back in the table " + Deadline.seconds(d.elapsed())
                    + " after nginx started again");
            live(currentHolder(), s, r, "table then");
            return;
        }
        r.see(victim.name() + " came back " + Deadline.seconds(d.elapsed()) + " after nginx started again");
        Map<String, Integer> after = live(currentHolder(), s, r, "table after");
        if (sticky) {
            narrator.say("Sending a request from each client address (persistence keeps old clients where they"
                    + " are, so reaching " + victim.name() + " is not required)");
            List<String> seen = new ArrayList<>();
            for (IpAddress a : lab.plan().clientExtras()) {
                seen.addAll(sequence(s, a, 1, r));
            }
            if (seen.stream().anyMatch(java.util.Objects::isNull)) {
                r.problem("requests failed after " + victim.name() + " came back");
            }
        } else {
            narrator.say("Sending requests: " + victim.name() + " should answer some again");
            List<String> seen = sequence(s, clientAddress(), Math.max(4, 2 * after.size()), r);
            if (seen.stream().anyMatch(java.util.Objects::isNull)) {
                r.problem("requests failed after " + victim.name() + " came back");
            }
            if (!seen.contains(key)) {
                r.problem(victim.name() + " answered none of the requests after it came back");
            }
        }
    }

    // ---- check 3

    private void directorFailure(Recorder r) throws LabException, InterruptedException {
        ClusterSpec.Service s = service();
        LabPlan.Director dead = holder();
        LabPlan.Director heir = lab.other(dead);
        if (!lab.directorRunning(heir)) {
            r.problem("the " + heir.role() + " director is not running: nothing could take over");
            return;
        }
        String deadIf = lab.vipInterface(dead);
        String deadMac = lab.mac(dead, deadIf);
        lab.request(s, clientAddress()); // the client resolves the VIP
        Lab.Neighbour before = lab.neighbour();
        r.see("the " + dead.role() + " director holds " + lab.vip() + " on " + deadIf + " (MAC " + deadMac + ")");
        r.see("client's neighbour entry before: " + before.line() + " -> " + before.mac().map(lab::whose)
                .orElse("no MAC"));
        if (!before.mac().equals(Optional.of(deadMac))) {
            r.problem("before the failure the client's entry does not show the " + dead.role() + "'s MAC " + deadMac);
        }
        Duration advert = heir.advertInterval();
        try {
            Duration within = advert.multipliedBy(3).plus(advert).plus(SLACK);
            narrator.say("Killing the " + dead.role() + " director: its " + (dead.peer() == LabPlan.Peer.FULCRUM
                    ? "Fulcrum" : "keepalived and Fulcrum") + " SIGKILLed and its links down, like a machine that"
                    + " dies");
            narrator.say("Then the " + heir.role() + " director should take the VIP after 3 missed adverts of "
                    + advert.toSeconds() + " s (waiting up to " + within.toSeconds() + " s)");
            Deadline d = Deadline.in(within);
            lab.killDirector(dead);
            boolean took = d.await(() -> lab.holders().contains(heir));
            if (!took) {
                r.problem("the " + heir.role() + " director did not take the VIP within "
                        + Deadline.seconds(d.elapsed()));
                return;
            }
            r.see("the " + heir.role() + " director took the VIP " + Deadline.seconds(d.elapsed())
                    + " after the kill");
            String heirIf = lab.vipInterface(heir);
            String heirMac = lab.mac(heir, heirIf);
            narrator.say("Watching the client's neighbour entry for " + lab.vip() + ": it should turn to the "
                    + heir.role() + "'s MAC " + heirMac);
            Deadline n = Deadline.in(Duration.ofSeconds(10));
            boolean moved = n.await(() -> {
                if (lab.neighbour().mac().equals(Optional.of(heirMac))) {
                    return true;
                }
                lab.request(s, clientAddress());
                return false;
            });
            Lab.Neighbour after = lab.neighbour();
            r.see("client's neighbour entry after: " + after.line() + " -> " + after.mac().map(lab::whose)
                    .orElse("no MAC"));
            if (!moved) {
                r.problem("the client's neighbour entry for " + lab.vip() + " does not show the " + heir.role()
                        + "'s MAC " + heirMac);
            }
            narrator.say("Sending requests through the " + heir.role() + " director");
            Deadline q = Deadline.in(Duration.ofSeconds(10));
            boolean answered = q.await(() -> lab.request(s, clientAddress()).ok());
            if (!answered) {
                r.problem("no request succeeded through the " + heir.role() + " director within "
                        + Deadline.seconds(q.elapsed()));
            }
            List<String> seen = sequence(s, clientAddress(), Math.max(4, 2 * s.realServers().size()), r);
            if (seen.stream().anyMatch(java.util.Objects::isNull)) {
                r.problem("requests failed after the failover");
            }
        } finally {
            narrator.say("Bringing the " + dead.role() + " director back (links up, started again)");
            lab.reviveDirector(dead);
            LabPlan.Director expected = lab.plan().expectedHolder();
            Duration settle = dead.advertInterval().multipliedBy(4).plus(SLACK);
            Deadline d = Deadline.in(settle);
            d.await(() -> lab.holders().equals(List.of(expected)));
            r.see("afterwards: the " + dead.role() + " director runs again; "
                    + describeHolders(lab.holders()));
        }
    }

    private static String describeHolders(List<LabPlan.Director> holders) {
        if (holders.isEmpty()) {
            return "no director holds the VIP";
        }
        return "the VIP is on the " + String.join(" and the ", holders.stream().map(LabPlan.Director::role).toList())
                + " director" + (holders.size() > 1 ? "s" : "");
    }

    // ---- helpers

    private ClusterSpec.Service service() throws LabException {
        return lab.plan().checkedService().orElseThrow(() -> new LabException(
                "the configurations have no TCP virtual_server (address and port) to send requests to"));
    }

    private LabPlan.Director holder() throws LabException {
        List<LabPlan.Director> h = lab.holders();
        if (h.size() != 1) {
            throw new LabException(describeHolders(h) + ": 'fulcrum lab status' shows the lab");
        }
        return h.getFirst();
    }

    /** The holder now, or the master when none (for showing a table). */
    private LabPlan.Director currentHolder() throws LabException {
        return lab.holder().orElse(lab.plan().master());
    }

    private IpAddress clientAddress() {
        return lab.plan().client().links().getFirst().addresses().getFirst().address();
    }

    /** The live real servers (weight above 0) of {@code s} on {@code d}'s table, recorded as evidence. */
    private Map<String, Integer> live(LabPlan.Director d, ClusterSpec.Service s, Recorder r, String caption)
            throws LabException {
        String listing = lab.table(d);
        r.see(caption + ":");
        for (String line : IpvsTable.excerpt(listing, s.protocol(), s.endpoint()).lines().toList()) {
            r.see("    " + line);
        }
        return liveOf(listing, s);
    }

    private Map<String, Integer> liveNow(ClusterSpec.Service s) throws LabException {
        return liveOf(lab.table(currentHolder()), s);
    }

    private static Map<String, Integer> liveOf(String listing, ClusterSpec.Service s) {
        Map<String, Integer> live = new LinkedHashMap<>();
        IpvsTable.destinations(listing, s.protocol(), s.endpoint()).orElse(List.of()).stream()
                .filter(x -> x.weight() > 0).forEach(x -> live.put(x.address(), x.weight()));
        return live;
    }

    /** {@code n} requests from {@code source}: the address of the server behind each (null when it failed). */
    private List<String> sequence(ClusterSpec.Service s, IpAddress source, int n, Recorder r) throws LabException {
        List<String> keys = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Lab.Response resp = lab.request(s, source);
            keys.add(resp.ok() ? resp.server().map(x -> x.address().toString()).orElse(resp.body()) : null);
            labels.add(resp.label());
        }
        r.see("from " + source + ": " + String.join(", ", labels));
        return keys;
    }

    private String label(String key) {
        return lab.plan().server(IpAddress.parse(key)).map(x -> x.name() + " (" + key + ")").orElse(key);
    }
}
