package io.fulcrum.lab;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Check 3: the director holding the VIP dies (SIGKILL, links down); the other takes the VIP, the client's neighbour
 * entry for the VIP turns to its MAC, and requests succeed again. The dead director is brought back afterwards.
 */
final class DirectorFailureCheck {

    private final CheckSupport c;

    DirectorFailureCheck(CheckSupport c) {
        this.c = c;
    }

    private static final String HELD = "one TCP connection, HTTP keep-alive";

    void run(Evidence r) throws LabException, InterruptedException {
        Lab lab = c.lab();
        ClusterSpec.Service s = c.service();
        LabPlan.Director dead = c.holder();
        LabPlan.Director heir = lab.other(dead);
        if (!lab.directorRunning(heir)) {
            r.problem("the " + heir.role() + " director is not running: nothing could take over");
            return;
        }
        String deadIf = lab.vipInterface(dead);
        String deadMac = lab.mac(dead, deadIf);
        lab.request(s, c.clientAddress()); // the client resolves the VIP
        Lab.Neighbour before = lab.neighbour();
        r.see("the " + dead.role() + " director holds " + lab.vip() + " on " + deadIf + " (MAC " + deadMac + ")");
        r.see("client's neighbour entry before: " + before.line() + " -> " + before.mac().map(lab::whose)
                .orElse("no MAC"));
        if (!before.mac().equals(Optional.of(deadMac))) {
            r.problem("before the failure the client's entry does not show the " + dead.role() + "'s MAC " + deadMac);
        }
        Duration advert = heir.advertInterval();
        awaitSameLiveServers(dead, heir, s, r);
        Optional<HeldConnection> held = HeldConnection.open(lab, s, r);
        Optional<Lab.Response> heldBefore = held.map(HeldConnection::request);
        heldBefore.ifPresent(a -> r.see("a connection opened before the failure (" + HELD + "): " + a.label()));
        try {
            Duration within = advert.multipliedBy(3).plus(advert).plus(LabChecks.SLACK);
            c.narrator().say("Killing the " + dead.role() + " director: its " + (dead.peer() == LabPlan.Peer.FULCRUM
                    ? "Fulcrum" : "keepalived and Fulcrum") + " SIGKILLed and its links down, like a machine that"
                    + " dies");
            c.narrator().say("Then the " + heir.role() + " director should take the VIP after 3 missed adverts of "
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
            c.narrator().say("Watching the client's neighbour entry for " + lab.vip() + ": it should turn to the "
                    + heir.role() + "'s MAC " + heirMac);
            Deadline n = Deadline.in(Duration.ofSeconds(10));
            boolean moved = n.await(() -> {
                if (lab.neighbour().mac().equals(Optional.of(heirMac))) {
                    return true;
                }
                lab.request(s, c.clientAddress());
                return false;
            });
            Lab.Neighbour after = lab.neighbour();
            r.see("client's neighbour entry after: " + after.line() + " -> " + after.mac().map(lab::whose)
                    .orElse("no MAC"));
            if (!moved) {
                r.problem("the client's neighbour entry for " + lab.vip() + " does not show the " + heir.role()
                        + "'s MAC " + heirMac);
            }
            c.narrator().say("Sending requests through the " + heir.role() + " director");
            Deadline q = Deadline.in(Duration.ofSeconds(10));
            boolean answered = q.await(() -> lab.request(s, c.clientAddress()).ok());
            if (!answered) {
                r.problem("no request succeeded through the " + heir.role() + " director within "
                        + Deadline.seconds(q.elapsed()));
            }
            List<String> seen = c.sequence(s, c.clientAddress(), Math.max(4, 2 * s.realServers().size()), r);
            if (seen.stream().anyMatch(java.util.Objects::isNull)) {
                r.problem("requests failed after the failover");
            }
            if (held.isPresent() && heldBefore.orElseThrow().ok()) {
                String heirPick = seen.isEmpty() ? null : seen.getFirst();
                heldAfter(held.get().request(), heldBefore.get(), heirPick, s, r);
            }
        } finally {
            held.ifPresent(HeldConnection::close);
            c.narrator().say("Bringing the " + dead.role() + " director back (links up, started again)");
            lab.reviveDirector(dead);
            LabPlan.Director expected = lab.plan().expectedHolder();
            Duration settle = dead.advertInterval().multipliedBy(4).plus(LabChecks.SLACK);
            Deadline d = Deadline.in(settle);
            d.await(() -> lab.holders().equals(List.of(expected)));
            r.see("afterwards: the " + dead.role() + " director runs again; "
                    + CheckSupport.describeHolders(lab.holders()));
        }
    }

    /**
     * The connection opened before the failure, asked again through the heir. Directors do not share their
     * connection tables (no lvs_sync_daemon), so it can go on only where the heir schedules its next segment to the
     * same real server: a hashing scheduler (sh, mh) on the packet engine, as IPVS's sloppy TCP does. Elsewhere
     * its loss is what LVS users expect, said as evidence, not a failure.
     */
    private void heldAfter(Lab.Response after, Lab.Response before, String heirPick, ClusterSpec.Service s,
            Evidence r) {
        boolean hashing = s.scheduler().equalsIgnoreCase("sh") || s.scheduler().equalsIgnoreCase("mh");
        boolean engine = s.forwarding() != LabForwarding.FNAT && !c.lab().state().dataplane().equals("proxy");
        String was = before.server().map(x -> x.address().toString()).orElse(null);
        if (hashing && engine && heirPick != null && !heirPick.equals(was)) {
            // the two tables differed (their health checks took a server out or put it back at different times,
            // which reorders the hash's buckets): the heir sends this client elsewhere, so the old connection
            // cannot go on there; what the check can say is only that
            r.see("the same connection after the failover: " + after.label() + "; not checked: the heir sends"
                    + " this client to " + c.label(heirPick) + ", the connection was on " + before.label()
                    + " (the directors' tables changed at different times)");
            return;
        }
        if (hashing && engine) {
            if (!after.ok() || !after.server().equals(before.server())) {
                r.problem("the connection opened before the failure did not go on through the heir ("
                        + s.scheduler() + " hashes the client to one real server): " + after.label());
                return;
            }
            r.see("the same connection after the failover: " + after.label() + ", the same real server ("
                    + s.scheduler() + " hashes the client, so the heir picks it again)");
            return;
        }
        String why = !engine ? "the director's proxy ends every connection itself"
                : "the directors do not share connections and " + s.scheduler() + " does not hash the client";
        r.see("the same connection after the failover: " + (after.ok() ? after.label() + " (it went on)"
                : "lost (" + after.error() + "), as expected: " + why));
    }

    /**
     * Waits (a bounded time) until the heir's table has the same live real servers as the holder's: after check 2
     * the two directors' health checks may put a real server back seconds apart, and a hashing scheduler maps
     * clients by the table it has.
     */
    private void awaitSameLiveServers(LabPlan.Director holder, LabPlan.Director heir, ClusterSpec.Service s,
            Evidence r) throws LabException, InterruptedException {
        Deadline d = Deadline.in(s.recoveryWindow().plus(LabChecks.SLACK));
        boolean same = d.await(() -> c.liveOn(holder, s).equals(c.liveOn(heir, s)));
        if (!same) {
            r.see("the two directors' tables still list different live real servers after "
                    + Deadline.seconds(d.elapsed()));
        }
    }
}
