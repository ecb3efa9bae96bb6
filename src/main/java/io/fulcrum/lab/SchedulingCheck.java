package io.fulcrum.lab;

import io.fulcrum.common.IpAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Check 1: repeated requests from the client reach every real server in the scheduler's order (rr, wrr: rounds that
 * repeat); with persistence (or sh/mh) one client address stays on one real server and several reach them all.
 */
final class SchedulingCheck {

    /** The most requests an ordered check sends (two rounds of rr/wrr, or this many when rounds are longer). */
    static final int MAX_ORDERED = 200;

    private final CheckSupport c;

    SchedulingCheck(CheckSupport c) {
        this.c = c;
    }

    void run(Evidence r) throws LabException, InterruptedException {
        Lab lab = c.lab();
        ClusterSpec.Service s = c.service();
        LabPlan.Director holder = c.holder();
        r.see("real servers: " + String.join(", ", lab.plan().servers().stream()
                .map(x -> x.name() + " = " + x.address()).toList()));
        Map<String, Integer> live = c.live(holder, s, r, "table on the " + holder.role() + " director");
        if (live.isEmpty()) {
            r.problem("the table has no live real server for " + s.endpoint());
            return;
        }
        SchedulerOrder.Kind kind = SchedulerOrder.kind(s.scheduler(), s.persistent());
        switch (kind) {
            case ORDERED -> {
                Map<String, Integer> shares = SchedulerOrder.roundShares(s.scheduler(), live);
                int p = SchedulerOrder.period(shares);
                if (2 * p > MAX_ORDERED) {
                    c.narrator().say("Sending " + MAX_ORDERED + " requests from the client " + c.clientAddress()
                            + " (" + s.scheduler() + " with these weights has rounds of " + p
                            + " requests: only their success is checked)");
                    List<String> seen = c.sequence(s, c.clientAddress(), MAX_ORDERED, r);
                    if (seen.stream().anyMatch(java.util.Objects::isNull)) {
                        r.problem("some requests failed");
                    }
                    return;
                }
                c.narrator().say("Sending " + 2 * p + " requests from the client " + c.clientAddress() + " to "
                        + s.endpoint() + " (" + s.scheduler() + ": every real server, in turn)");
                List<String> seen = c.sequence(s, c.clientAddress(), 2 * p, r);
                r.problems(SchedulerOrder.checkOrdered(seen, shares));
            }
            case STICKY -> {
                String why = s.persistent() ? "persistence_timeout " + s.persistenceTimeout() : s.scheduler();
                int n = Math.max(4, 2 * live.size());
                c.narrator().say("Sending " + n + " requests from the client " + c.clientAddress() + " (" + why
                        + ": they should all reach one real server)");
                Map<String, List<String>> bySource = new LinkedHashMap<>();
                bySource.put(c.clientAddress().toString(), c.sequence(s, c.clientAddress(), n, r));
                List<IpAddress> fresh = new ArrayList<>(lab.freshClients(Math.max(4, 2 * live.size())));
                try {
                    c.narrator().say("Sending 2 requests from each of " + fresh.size() + " new client addresses,"
                            + " lent to the client for this check (each should stay on one real server; together"
                            + " they should reach all)");
                    for (IpAddress a : fresh) {
                        bySource.put(a.toString(), c.sequence(s, a, 2, r));
                    }
                    // a hash spreads addresses over the servers only on average: a few may all land on one, so
                    // more are lent (a bounded number) until each live server has been reached
                    boolean hashing = s.scheduler().equalsIgnoreCase("sh") || s.scheduler().equalsIgnoreCase("mh");
                    while (hashing && !reachedAll(bySource, live.keySet()) && fresh.size() < MAX_HASHED_CLIENTS) {
                        List<IpAddress> more = lab.freshClients(4);
                        fresh.addAll(more);
                        c.narrator().say("Not every real server reached yet: 2 requests from each of " + more.size()
                                + " more new client addresses");
                        for (IpAddress a : more) {
                            bySource.put(a.toString(), c.sequence(s, a, 2, r));
                        }
                    }
                } finally {
                    lab.releaseClients(fresh);
                }
                r.problems(SchedulerOrder.checkSticky(bySource, live.keySet()));
            }
            case BY_DESTINATION, LEAST, OTHER -> {
                int n = Math.max(6, 2 * live.size());
                c.narrator().say("Sending " + n + " requests from the client " + c.clientAddress() + " ("
                        + s.scheduler() + ": the order is not fixed)");
                List<String> seen = c.sequence(s, c.clientAddress(), n, r);
                if (seen.stream().anyMatch(java.util.Objects::isNull)) {
                    r.problem("some requests failed");
                }
                if (kind == SchedulerOrder.Kind.LEAST) {
                    for (String k : live.keySet()) {
                        if (!seen.contains(k)) {
                            r.problem(c.label(k) + " answered none of the requests");
                        }
                    }
                } else {
                    r.see("(" + s.scheduler() + " does not spread one client's requests: only their success is"
                            + " checked)");
                }
            }
        }
    }

    /** How many client addresses a hashing scheduler's check lends at most. */
    static final int MAX_HASHED_CLIENTS = 32;

    private static boolean reachedAll(Map<String, List<String>> bySource, Set<String> live) {
        Set<String> seen = new HashSet<>();
        bySource.values().forEach(seen::addAll);
        return seen.containsAll(live);
    }
}
