package io.fulcrum.cli;

import io.fulcrum.lab.CheckResult;
import io.fulcrum.lab.Narrator;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fulcrum lab demo}: the checks of {@code lab test}, slowly, told for a person watching. */
@Command(name = "demo", description = {
    "The checks of 'lab test', slowly, each step told in a plain sentence for a person watching."
})
final class LabDemoCommand implements Callable<Integer> {

    private final Env env;

    @Mixin
    LabCommand.Where where = new LabCommand.Where();

    @Option(names = "--pause", paramLabel = "SECONDS", defaultValue = "1.5",
            description = "The pause after each step (default: ${DEFAULT-VALUE} s).")
    double pause = 1.5;

    LabDemoCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (pause < 0 || pause > 60) {
            env.err().println("fulcrum lab demo: --pause must be between 0 and 60 seconds");
            return ExitCodes.USAGE;
        }
        PrintWriter out = env.out();
        long millis = (long) (pause * 1000);
        out.println("This demo shows what the tutorials check by hand, on lab " + where.name + ":");
        out.println("a client sends web requests to the virtual address; two directors share that address"
                + " through VRRP and spread the requests over the real servers.");
        out.flush();
        return LabCommand.runChecks(env, "demo", where, new Narrator() {
            @Override
            public void begin(int number, String title) throws InterruptedException {
                out.println();
                out.println("Part " + number + " of 3: " + title + ".");
                out.flush();
                Thread.sleep(millis);
            }

            @Override
            public void say(String sentence) throws InterruptedException {
                out.println(sentence + ".");
                out.flush();
                Thread.sleep(millis);
            }

            @Override
            public void saw(String evidence) {
                out.println("    " + evidence);
                out.flush();
            }

            @Override
            public void end(CheckResult result) throws InterruptedException {
                LabCommand.printResult(out, result);
                Thread.sleep(millis);
            }
        });
    }
}
