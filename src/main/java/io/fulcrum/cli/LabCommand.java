package io.fulcrum.cli;

import io.fulcrum.config.ConfigLoader;
import io.fulcrum.config.FileAccess;
import io.fulcrum.config.LoadResult;
import io.fulcrum.config.PreprocessOptions;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.lab.CheckResult;
import io.fulcrum.lab.ClusterSpec;
import io.fulcrum.lab.Lab;
import io.fulcrum.lab.LabBuilder;
import io.fulcrum.lab.LabChecks;
import io.fulcrum.lab.LabException;
import io.fulcrum.lab.LabPlan;
import io.fulcrum.lab.LabPlanner;
import io.fulcrum.lab.LabShell;
import io.fulcrum.lab.LabState;
import io.fulcrum.lab.LabStateStore;
import io.fulcrum.lab.LabStatusView;
import io.fulcrum.lab.LabTeardown;
import io.fulcrum.lab.Narrator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fulcrum lab}: the seeds' cluster in network namespaces, from two directors' keepalived.conf files, and
 * the seeds' three checks against it. The lab logic is in {@code io.fulcrum.lab}; this reads the configurations,
 * builds the plan and presents the results.
 */
@Command(name = "lab",
        description = {
            "A cluster in network namespaces, built from two directors' keepalived.conf, and its checks (root only).",
            "'lab up' builds a client, the two directors (interfaces named as the configurations name them), one",
            "nginx real server per real_server address, and runs Fulcrum on each director with its configuration",
            "as given. 'lab test' runs the seeds' three checks (scheduling, a real server failing, the master",
            "director failing), 'lab demo' runs them slowly with explanations, 'lab status' shows the lab and",
            "'lab down' removes it. The host's own network is never touched."
        },
        subcommands = {
            LabCommand.Up.class,
            LabCommand.Down.class,
            LabCommand.Status.class,
            LabCommand.Test.class,
            LabCommand.Demo.class
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

    // ---------------------------------------------------------------- up

    @Command(name = "up", description = {
        "Build the lab from two directors' configurations and start everything.",
        "Namespaces fl-NAME-{br,client,master,backup,rs1,...}: a bridge namespace, the client, the directors (their",
        "interfaces named as the vrrp_instance blocks name them) and one nginx real server per real_server address",
        "(\"This is Real Server N (ADDR)\"), prepared for DR with the VIP on lo. The client and the directors get",
        "addresses in the VIP's /24 that the configurations do not use. Fulcrum runs on each director with its",
        "configuration as given; logs, sockets and the lab's state go to the state directory."
    })
    static final class Up implements Callable<Integer> {

        private final Env env;

        @Mixin
        Where where = new Where();

        @Option(names = "--master", paramLabel = "FILE", required = true,
                description = "The master director's keepalived.conf.")
        Path master;

        @Option(names = "--backup", paramLabel = "FILE", required = true,
                description = "The backup director's keepalived.conf.")
        Path backup;

        @Option(names = "--dataplane", paramLabel = "auto|proxy|none", converter = Dataplane.Converter.class,
                completionCandidates = Dataplane.Candidates.class,
                description = "Passed to 'fulcrum run --dataplane' on the directors (default: fulcrum run's own)."
                        + " 'proxy' forwards DR/NAT/TUN services through the user-space proxy.")
        Dataplane dataplane;

        @Option(names = "--peer", paramLabel = "fulcrum|keepalived", defaultValue = "fulcrum",
                description = {"What runs VRRP on the backup director (default: ${DEFAULT-VALUE}).",
                    "keepalived: keepalived 2.2.7 with a VRRP-only copy of the backup's configuration (virtual_server"
                            + " blocks left out), and 'fulcrum run --check' beside it for the table and forwarding."})
        String peer = "fulcrum";

        @Option(names = {"-i", "--config-id"}, paramLabel = "ID",
                description = "Config id for '@ID' conditional lines (default: this host's name up to the first dot).")
        String configId;

        Up(Env env) {
            this.env = env;
        }

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = env.out();
            PrintWriter err = env.err();
            LabPlan.Peer backupPeer = switch (peer.toLowerCase(java.util.Locale.ROOT)) {
                case "fulcrum" -> LabPlan.Peer.FULCRUM;
                case "keepalived" -> LabPlan.Peer.KEEPALIVED;
                default -> null;
            };
            if (backupPeer == null) {
                err.println("fulcrum lab up: --peer '" + peer + "': use fulcrum or keepalived");
                return ExitCodes.USAGE;
            }
            if (!validName(env, "up", where.name)) {
                return ExitCodes.USAGE;
            }
            Optional<KeepalivedConfig> m = load(master);
            if (m.isEmpty()) {
                return ExitCodes.CONFIG_UNREADABLE;
            }
            Optional<KeepalivedConfig> b = load(backup);
            if (b.isEmpty()) {
                return ExitCodes.CONFIG_UNREADABLE;
            }
            ClusterSpec spec;
            LabPlan plan;
            try {
                spec = LabSpecReader.read(master, m.get(), backup, b.get());
                Predicate<String> exists = s -> s.startsWith("/") ? Files.exists(Path.of(s)) : LabShell.onPath(s);
                plan = LabPlanner.plan(where.name, spec, backupPeer, exists);
            } catch (LabSpecReader.Unusable | LabException e) {
                err.println("fulcrum lab up: " + e.getMessage());
                return ExitCodes.CONFIG_ERRORS;
            }
            if (!needRoot(env, "up")) {
                return ExitCodes.FAILURE;
            }
            LabStateStore store = new LabStateStore();
            try {
                List<String> existing = LabTeardown.namespaces(where.name);
                if (!existing.isEmpty()) {
                    err.println("fulcrum lab up: lab " + where.name + " is already up (namespaces "
                            + String.join(", ", existing) + "): see 'fulcrum lab status --name " + where.name
                            + "', or remove it with 'fulcrum lab down --name " + where.name + "'");
                    return ExitCodes.FAILURE;
                }
                if (store.load(where.dir()).isPresent()) {
                    out.println("Removing the state of an earlier lab " + where.name + " whose namespaces are gone");
                    LabTeardown.removeStateDir(where.dir());
                }
            } catch (LabException e) {
                err.println("fulcrum lab up: " + e.getMessage());
                return ExitCodes.FAILURE;
            }
            describe(plan, out);
            out.flush();
            // Ctrl-C while building: remove what was built (a finished lab stays up)
            java.util.concurrent.atomic.AtomicBoolean building = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread abort = Thread.ofPlatform().name("fulcrum-lab-up-abort").unstarted(() -> {
                if (building.get()) {
                    try {
                        LabTeardown.removeNamespaces(where.name, store.load(where.dir()));
                        Files.deleteIfExists(where.dir().resolve(LabStateStore.FILE));
                        err.println("fulcrum lab up: interrupted: the half-built lab is removed");
                    } catch (LabException | IOException e) {
                        err.println("fulcrum lab up: interrupted: " + e.getMessage() + " ('fulcrum lab down --name "
                                + where.name + "' cleans up)");
                    }
                    err.flush();
                }
            });
            Runtime.getRuntime().addShutdownHook(abort);
            try {
                LabState state = LabBuilder.up(plan, new LabBuilder.Options(where.dir(),
                        Optional.ofNullable(dataplane).map(Dataplane::keyword), fulcrumCommand()), store, new LabTables(),
                        line -> {
                            out.println(line);
                            out.flush();
                        });
                out.println();
                out.println("Lab " + plan.name() + " is up (state in " + state.stateDir() + "). Next:");
                String n = where.name.equals("lab") ? "" : " --name " + where.name;
                String d = where.stateDir == null ? "" : " --state-dir " + where.stateDir;
                out.println("  fulcrum lab status" + n + d + "    hosts, addresses, who holds the VIP, the table");
                out.println("  fulcrum lab test" + n + d + "      the seeds' three checks (lab demo: slowly)");
                out.println("  fulcrum lab down" + n + d + "      remove it");
                return ExitCodes.OK;
            } catch (LabException e) {
                err.println("fulcrum lab up: " + e.getMessage());
                return ExitCodes.FAILURE;
            } finally {
                building.set(false);
                try {
                    Runtime.getRuntime().removeShutdownHook(abort);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down: the hook runs (and finds the build over)
                }
            }
        }

        private Optional<KeepalivedConfig> load(Path file) {
            String id = configId != null ? configId : env.shortHostName();
            LoadResult r = new ConfigLoader(FileAccess.real(), new PreprocessOptions(id, env::variable,
                    System.nanoTime())).load(file);
            if (r.readError().isPresent()) {
                env.err().println("fulcrum lab up: cannot read configuration: " + r.readError().get());
                return Optional.empty();
            }
            if (r.errorCount() > 0) {
                env.out().println("Note: " + file + " has " + r.errorCount() + " error(s) ('fulcrum check-config -f "
                        + file + "' lists them); Fulcrum starts with it as read, as keepalived does.");
            }
            return r.config();
        }

        private static void describe(LabPlan plan, PrintWriter out) {
            out.println("Lab " + plan.name() + " in the VIP's network " + plan.network() + ":");
            out.println("  client   " + plan.client().links().getFirst().addresses().getFirst() + " on eth0 (and "
                    + plan.clientExtras().size() + " more addresses for the persistence checks)");
            for (LabPlan.Director d : plan.directors()) {
                out.println("  " + pad(d.role()) + " " + d.address() + " on " + d.primaryInterface()
                        + (d.host().links().size() > 1 ? " (+ " + String.join(", ", d.host().links().stream()
                        .skip(1).map(LabPlan.Link::ifname).toList()) + ")" : "") + ", VIPs "
                        + String.join(" ", d.vips().stream().map(Object::toString).toList()) + ", "
                        + (d.peer() == LabPlan.Peer.FULCRUM ? "Fulcrum" : "keepalived + Fulcrum --check") + " with "
                        + d.config());
            }
            for (LabPlan.Server s : plan.servers()) {
                out.println("  " + pad(s.name()) + " " + s.address() + " on eth0, nginx on port "
                        + String.join(", ", s.ports().stream().map(String::valueOf).toList())
                        + (s.vips().isEmpty() ? "" : ", VIP on lo") + (s.decap() ? ", decapsulating" : ""));
            }
            for (String note : plan.notes()) {
                out.println("Note: " + note);
            }
        }

        private static String pad(String s) {
            return s.length() >= 8 ? s : s + " ".repeat(8 - s.length());
        }
    }

    // ---------------------------------------------------------------- down

    @Command(name = "down", description = {
        "Remove the lab: stop its processes, delete its namespaces and what it wrote in its state directory.",
        "Also cleans up a lab of that name that crashed; doing it twice is no error."
    })
    static final class Down implements Callable<Integer> {

        private final Env env;

        @Mixin
        Where where = new Where();

        Down(Env env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            if (!validName(env, "down", where.name)) {
                return ExitCodes.USAGE;
            }
            if (!needRoot(env, "down")) {
                return ExitCodes.FAILURE;
            }
            Optional<LabState> state = Optional.empty();
            try {
                state = new LabStateStore().load(where.dir());
            } catch (LabException e) {
                env.out().println("Note: " + e.getMessage() + " (removing the namespaces by name)");
            }
            try {
                List<String> removed = LabTeardown.removeNamespaces(where.name, state);
                boolean dirGone = LabTeardown.removeStateDir(where.dir());
                if (removed.isEmpty() && state.isEmpty()) {
                    env.out().println("Lab " + where.name + " is not up: nothing to remove.");
                } else {
                    env.out().println("Lab " + where.name + " removed: " + (removed.isEmpty() ? "no namespace was left"
                            : removed.size() + " namespaces (" + String.join(", ", removed) + ")")
                            + (dirGone ? "; state directory " + where.dir() + " removed" : "; " + where.dir()
                            + " kept (it holds files the lab did not write)") + ".");
                }
                return ExitCodes.OK;
            } catch (LabException e) {
                env.err().println("fulcrum lab down: " + e.getMessage());
                return ExitCodes.FAILURE;
            } finally {
                env.out().flush();
            }
        }
    }

    // ---------------------------------------------------------------- status

    @Command(name = "status", description = {
        "Show the lab: hosts, addresses and MACs, which director holds the VIP, its 'ipvsadm -Ln', and whether",
        "every process of the lab still runs."
    })
    static final class Status implements Callable<Integer> {

        private final Env env;

        @Mixin
        Where where = new Where();

        Status(Env env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            if (!validName(env, "status", where.name)) {
                return ExitCodes.USAGE;
            }
            if (!needRoot(env, "status")) {
                return ExitCodes.FAILURE;
            }
            Optional<LabState> st = upState(env, "status", where);
            if (st.isEmpty()) {
                return ExitCodes.FAILURE;
            }
            try {
                env.out().print(LabStatusView.render(new Lab(st.get(), new LabStateStore(), new LabTables())));
                return ExitCodes.OK;
            } catch (LabException e) {
                env.err().println("fulcrum lab status: " + e.getMessage());
                return ExitCodes.FAILURE;
            } finally {
                env.out().flush();
            }
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

    @Command(name = "test", description = {
        "Run the seeds' three checks against the lab and print PASS or FAIL for each, with what was seen:",
        "1. repeated requests reach every real server in the scheduler's order (with persistence: one client",
        "   address stays on one real server, several addresses reach them all);",
        "2. nginx stopped on a real server: it leaves the table, requests keep succeeding, it comes back when",
        "   nginx starts again;",
        "3. the director holding the VIP is killed: the VIP moves, the client's neighbour entry for it shows the",
        "   other director's MAC, requests succeed again (the killed director is started again afterwards).",
        "Exit status 0 only when all three pass."
    })
    static final class Test implements Callable<Integer> {

        private final Env env;

        @Mixin
        Where where = new Where();

        Test(Env env) {
            this.env = env;
        }

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = env.out();
            return runChecks(env, "test", where, new Narrator() {
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
                    printResult(out, result);
                }
            });
        }
    }

    @Command(name = "demo", description = {
        "The checks of 'lab test', slowly, each step told in a plain sentence for a person watching."
    })
    static final class Demo implements Callable<Integer> {

        private final Env env;

        @Mixin
        Where where = new Where();

        @Option(names = "--pause", paramLabel = "SECONDS", defaultValue = "1.5",
                description = "The pause after each step (default: ${DEFAULT-VALUE} s).")
        double pause = 1.5;

        Demo(Env env) {
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
            return runChecks(env, "demo", where, new Narrator() {
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
                    printResult(out, result);
                    Thread.sleep(millis);
                }
            });
        }
    }
}
