package io.fulcrum.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Starts the lab's programs in their namespaces and waits, with deadlines, until each serves. */
final class LabLauncher {

    static final Duration WEB_READY = Duration.ofSeconds(15);
    static final Duration FULCRUM_READY = Duration.ofSeconds(60);
    static final Duration KEEPALIVED_READY = Duration.ofSeconds(20);
    static final Duration DECAP_READY = Duration.ofSeconds(30);

    private LabLauncher() {
    }

    /** Starts {@code p}'s command in its host's namespace; returns it with its new pid. */
    static LabProcess start(LabPlan plan, LabProcess p) throws LabException {
        long pid = LabShell.startDetached(plan.prefix() + "-" + p.host(), p.command(), p.log());
        return p.withPid(pid);
    }

    /** Starts {@code p} and waits until it serves; {@code what} names it in errors. */
    static LabProcess startAndAwait(LabPlan plan, LabProcess p) throws LabException, InterruptedException {
        long offset = LabShell.size(p.log());
        LabProcess started = start(plan, p);
        await(plan, started, offset);
        return started;
    }

    /** Waits until {@code p} (started when its log had {@code offset} bytes) serves, by its role. */
    static void await(LabPlan plan, LabProcess p, long offset) throws LabException, InterruptedException {
        String ns = plan.prefix() + "-" + p.host();
        switch (p.role()) {
            case LabProcess.FULCRUM, LabProcess.CHECKER -> awaitFulcrum(ns, p, offset);
            case LabProcess.KEEPALIVED -> awaitLog(ns, p, offset, KEEPALIVED_READY, "Entering ");
            case LabProcess.DECAP -> awaitLog(ns, p, offset, DECAP_READY, "decapsulating IPIP packets");
            default -> awaitWeb(ns, p);
        }
    }

    private static void awaitFulcrum(String ns, LabProcess p, long offset) throws LabException, InterruptedException {
        Path socket = p.socket().orElseThrow();
        String ready = "Control socket " + socket + " ready";
        Deadline d = Deadline.in(FULCRUM_READY);
        boolean ok = d.await(() -> {
            if (!LabShell.running(p.pid())) {
                throw refused(p, offset);
            }
            return LabShell.readFrom(p.log(), offset).contains(ready);
        });
        if (!ok) {
            throw new LabException("Fulcrum on " + p.host() + " did not get ready in " + Deadline.seconds(d.elapsed())
                    + " (log: " + p.log() + ")");
        }
    }

    /** Fulcrum ended before it was ready: its own words, quoted from its log. */
    static LabException refused(LabProcess p, long offset) {
        List<String> lines = LabShell.readFrom(p.log(), offset).lines().toList();
        List<String> said = lines.stream().filter(l -> l.startsWith("fulcrum"))
                .filter(l -> !l.contains("starting with the configuration as read")).toList();
        if (said.isEmpty()) {
            said = lines.subList(Math.max(0, lines.size() - 8), lines.size());
        }
        return new LabException("Fulcrum refused to start on the " + p.host() + " director:\n    "
                + String.join("\n    ", said) + "\n  (its log: " + p.log() + ")");
    }

    private static void awaitLog(String ns, LabProcess p, long offset, Duration within, String marker)
            throws LabException, InterruptedException {
        Deadline d = Deadline.in(within);
        boolean ok = d.await(() -> {
            if (!LabShell.running(p.pid())) {
                List<String> lines = LabShell.readFrom(p.log(), offset).lines().toList();
                throw new LabException(p.role() + " on " + p.host() + " ended at start:\n    "
                        + String.join("\n    ", lines.subList(Math.max(0, lines.size() - 8), lines.size()))
                        + "\n  (its log: " + p.log() + ")");
            }
            return LabShell.readFrom(p.log(), offset).contains(marker);
        });
        if (!ok) {
            throw new LabException(p.role() + " on " + p.host() + " did not start in "
                    + Deadline.seconds(d.elapsed()) + " (log: " + p.log() + ")");
        }
    }

    private static void awaitWeb(String ns, LabProcess p) throws LabException, InterruptedException {
        Optional<String> probe = p.probe();
        if (probe.isEmpty()) {
            return;
        }
        Deadline d = Deadline.in(WEB_READY);
        boolean ok = d.await(() -> {
            if (!LabShell.running(p.pid())) {
                throw new LabException("nginx on " + p.host() + " ended at start: "
                        + LabShell.readFrom(p.log(), 0).strip() + " (log: " + p.log() + ")");
            }
            return LabShell.execResult(ns, List.of("curl", "-s", "-o", "/dev/null", "--max-time", "1",
                    probe.get())).ok();
        });
        if (!ok) {
            throw new LabException("nginx on " + p.host() + " does not answer " + probe.get() + " after "
                    + Deadline.seconds(d.elapsed()) + " (log: " + p.log() + ")");
        }
    }
}
