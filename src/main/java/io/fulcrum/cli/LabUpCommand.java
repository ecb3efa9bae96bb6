package io.fulcrum.cli;

import io.fulcrum.config.ConfigLoader;
import io.fulcrum.config.FileAccess;
import io.fulcrum.config.LoadResult;
import io.fulcrum.config.PreprocessOptions;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.lab.ClusterSpec;
import io.fulcrum.lab.Lab;
import io.fulcrum.lab.LabBuilder;
import io.fulcrum.lab.LabException;
import io.fulcrum.lab.LabPlan;
import io.fulcrum.lab.LabPlanner;
import io.fulcrum.lab.LabShell;
import io.fulcrum.lab.LabState;
import io.fulcrum.lab.LabStateStore;
import io.fulcrum.lab.LabTeardown;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fulcrum lab up}: reads the two configurations, plans the lab and builds it. */
@Command(name = "up", description = {
    "Build the lab from two directors' configurations and start everything.",
    "",
    "Namespaces fl-NAME-{br,client,master,backup,rs1,...}: a bridge namespace, the client, the directors (their"
            + " interfaces named as the vrrp_instance blocks name them) and one nginx real server per real_server"
            + " address (\"This is Real Server N (ADDR)\"), prepared for DR with the VIP on lo.",
    "The client and the directors get addresses in the VIP's /24 that the configurations do not use.",
    "Fulcrum runs on each director with its configuration as given; logs, sockets and the lab's state go to the"
            + " state directory."
})
final class LabUpCommand implements Callable<Integer> {

    private final Env env;

    @Mixin
    LabCommand.Where where = new LabCommand.Where();

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

    LabUpCommand(Env env) {
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
        if (!LabCommand.validName(env, "up", where.name)) {
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
        if (!LabCommand.needRoot(env, "up")) {
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
            LabBuilder.Options options = new LabBuilder.Options(where.dir(),
                    Optional.ofNullable(dataplane).map(Dataplane::keyword), LabCommand.fulcrumCommand());
            LabState state = LabBuilder.up(plan, options, store, new LabTables(), line -> {
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
        out.println("  client   " + plan.client().links().getFirst().addresses().getFirst() + " on eth0");
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
