package io.fulcrum.cli;

import io.fulcrum.lab.CheckResult;
import io.fulcrum.lab.Narrator;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fulcrum lab test}: the three checks, each step and what it saw, PASS or FAIL; exit 0 when all pass. */
@Command(name = "test", description = {
    "Run the seeds' three checks against the lab: PASS or FAIL for each, with what was seen.",
    "",
    "1. repeated requests reach every real server in the scheduler's order (with persistence: one client",
    "   address stays on one real server, several addresses reach them all);",
    "2. nginx stopped on a real server: it leaves the table, requests keep succeeding, it comes back when",
    "   nginx starts again;",
    "3. the director holding the VIP is killed: the VIP moves, the client's neighbour entry for it shows the",
    "   other director's MAC, requests succeed again (the killed director is started again afterwards).",
    "Exit status 0 only when all three pass."
})
final class LabTestCommand implements Callable<Integer> {

    private final Env env;

    @Mixin
    LabCommand.Where where = new LabCommand.Where();

    LabTestCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = env.out();
        return LabCommand.runChecks(env, "test", where, new Narrator() {
            @Override
            public void begin(int number, String title) {
                out.println();
                out.println("Check " + number + ": " + title);
                out.flush();
            }

            @Override
            public void say(String sentence) {
                out.println("  . " + sentence);
                out.flush();
            }

            @Override
            public void saw(String evidence) {
                out.println("      " + evidence);
                out.flush();
            }

            @Override
            public void end(CheckResult result) {
                LabCommand.printResult(out, result);
            }
        });
    }
}
