package io.fulcrum.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
    private final CheckSupport support;

    public LabChecks(Lab lab, Narrator narrator) {
        this.lab = lab;
        this.narrator = narrator;
        this.support = new CheckSupport(lab, narrator);
    }

    /** Runs the three checks in order, after bringing back whatever an interrupted earlier run left stopped. */
    public List<CheckResult> runAll() throws InterruptedException {
        try {
            repair();
        } catch (LabException e) {
            narrator.say("Could not bring the lab back to its starting state: " + e.getMessage());
        }
        List<CheckResult> out = new ArrayList<>();
        out.add(guard(1, "requests reach every real server in the scheduler's order",
                new SchedulingCheck(support)::run));
        out.add(guard(2, "a real server whose nginx stops leaves the table and comes back",
                new RealServerFailureCheck(support)::run));
        out.add(guard(3, "the master director dies: the VIP moves to the backup",
                new DirectorFailureCheck(support)::run));
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
        void run(Evidence r) throws LabException, InterruptedException;
    }

    private CheckResult guard(int n, String title, Body body) throws InterruptedException {
        narrator.begin(n, title);
        Evidence r = support.evidence();
        try {
            body.run(r);
        } catch (LabException e) {
            r.problem("could not go on: " + e.getMessage());
        }
        CheckResult result = new CheckResult(n, title, r.problems().isEmpty(), r.seen(), r.problems());
        narrator.end(result);
        return result;
    }
}
