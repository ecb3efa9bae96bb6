package io.fulcrum.cli;

import io.fulcrum.lab.CheckResult;
import io.fulcrum.lab.Lab;
import io.fulcrum.lab.LabChecks;
import io.fulcrum.lab.LabException;
import io.fulcrum.lab.LabPlanner;
import io.fulcrum.lab.LabShell;
import io.fulcrum.lab.LabState;
import io.fulcrum.lab.LabStateStore;
import io.fulcrum.lab.LabTeardown;
import io.fulcrum.lab.Narrator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fulcrum lab}: the seeds' cluster in network namespaces, from two directors' keepalived.conf files, and
 * the seeds' three checks against it. The lab logic is in {@code io.fulcrum.lab}; this reads the configurations,
 * builds the plan and presents the results.
 */
@Command(name = "lab",
        description = {
            "A cluster in network namespaces, built from two directors' keepalived.conf, and its checks (root only).",
            "",
            "'lab up' builds a client, the two directors (interfaces named as the configurations name them) and one"
                    + " nginx real server per real_server address, and runs Fulcrum on each director with its"
                    + " configuration as given.",
            "'lab test' runs the seeds' three checks (scheduling, a real server failing, the master director"
                    + " failing); 'lab demo' runs them slowly with explanations.",
            "'lab status' shows the lab, 'lab down' removes it. The host's own network is never touched.",
            "'fulcrum lab help COMMAND' shows a command's options."
        },
        subcommands = {
            LabUpCommand.class,
            LabDownCommand.class,
            LabStatusCommand.class,
            LabTestCommand.class,
            LabDemoCommand.class,
            CommandLine.HelpCommand.class
        })
final class LabCommand implements Runnable {

    /** The main class a lab starts Fulcrum with (the composition root's, named: cli may not import daemon). */
    static final String MAIN_CLASS = "io.fulcrum.daemon.FulcrumMain";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The options every lab command shares. */
    static final class Where {
        @Option(names = "--name", paramLabel = "NAME", defaultValue = "lab",
                description = "The lab's name (default: ${DEFAULT-VALUE}); its namespaces are fl-NAME-*.")
        String name = "lab";

        @Option(names = "--state-dir", paramLabel = "DIR",
                description = "Where the lab keeps its state, generated files, sockets and logs (default:"
                        + " /run/fulcrum/lab/NAME).")
        Path stateDir;

        Path dir() {
            return (stateDir != null ? stateDir : LabStateStore.defaultDir(name)).toAbsolutePath().normalize();
        }
    }

    /** The command line that runs this Fulcrum: this JVM's java, the same class path, the main class. */
    static List<String> fulcrumCommand() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                MAIN_CLASS);
    }

    /** Whether this process runs as root (uid 0), from /proc/self/status. */
    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    static boolean needRoot(Env env, String command) {
        if (isRoot()) {
            return true;
        }
        env.err().println("fulcrum lab " + command + ": needs root (it creates and enters network namespaces): run it"
                + " as root, e.g. with sudo");
        return false;
    }

    static boolean validName(Env env, String command, String name) {
        if (LabPlanner.NAME.matcher(name).matches()) {
            return true;
        }
        env.err().println("fulcrum lab " + command + ": lab name '" + name + "': use 1-20 lower-case letters, digits,"
                + " '-' or '_', starting with a letter or digit");
        return false;
    }

    /** The saved state of a lab that is up, or an error printed and empty. */
    static Optional<LabState> upState(Env env, String command, Where where) {
        try {
            Optional<LabState> st = new LabStateStore().load(where.dir());
            List<String> namespaces = LabTeardown.namespaces(where.name);
            if (st.isEmpty()) {
                env.err().println("fulcrum lab " + command + ": lab " + where.name + " is not up (no state in "
                        + where.dir() + (namespaces.isEmpty() ? "" : "; but namespaces " + String.join(", ", namespaces)
                        + " exist: 'fulcrum lab down --name " + where.name + "' removes them") + ")");
                return Optional.empty();
            }
            if (namespaces.isEmpty()) {
                env.err().println("fulcrum lab " + command + ": lab " + where.name + " is gone (its state is in "
                        + where.dir() + " but none of its namespaces exists): 'fulcrum lab down --name " + where.name
                        + "' cleans up");
                return Optional.empty();
            }
            return st;
        } catch (LabException e) {
            env.err().println("fulcrum lab " + command + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- test and demo

    /** Runs the checks with a narrator; prints the results; 0 when all pass. */
    static int runChecks(Env env, String command, Where where, Narrator narrator) throws InterruptedException {
        if (!validName(env, command, where.name)) {
            return ExitCodes.USAGE;
        }
        if (!needRoot(env, command)) {
            return ExitCodes.FAILURE;
        }
        Optional<LabState> st = upState(env, command, where);
        if (st.isEmpty()) {
            return ExitCodes.FAILURE;
        }
        if (!LabShell.onPath("curl")) {
            env.err().println("fulcrum lab " + command + ": curl is missing (Debian package curl): the client sends"
                    + " its requests with it");
            return ExitCodes.FAILURE;
        }
        Lab lab = new Lab(st.get(), new LabStateStore(), new LabTables());
        List<CheckResult> results = new LabChecks(lab, narrator).runAll();
        long passed = results.stream().filter(CheckResult::passed).count();
        env.out().println();
        env.out().println("Summary: " + passed + " of " + results.size() + " checks passed");
        for (CheckResult r : results) {
            env.out().println("  check " + r.number() + " " + (r.passed() ? "PASS" : "FAIL") + "  " + r.title());
        }
        env.out().flush();
        return passed == results.size() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    static void printResult(PrintWriter out, CheckResult r) {
        for (String p : r.problems()) {
            out.println("    problem: " + p);
        }
        out.println("  => check " + r.number() + ": " + (r.passed() ? "PASS" : "FAIL"));
        out.flush();
    }
}
