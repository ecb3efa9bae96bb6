package io.fulcrum.lab;

import io.fulcrum.common.IpAddress;
import io.fulcrum.common.IpPrefix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Builds a planned lab: the bridge namespace with one bridge per segment (STP and multicast snooping off, so VRRP
 * to any group reaches every port), a namespace per host with veth links named as planned, addresses and routes,
 * the real servers prepared ({@link RealServerSetup}) and serving with nginx, the directors' local sorry servers,
 * and the directors themselves; then waits until one director holds the VIP. Every step is saved in the lab's
 * state as it happens; a failure removes the namespaces again (the logs stay).
 */
public final class LabBuilder {

    /** How a real server is prepared. The one line to change when {@code fulcrum realserver} lands. */
    public static RealServerSetup realServerSetup(List<String> fulcrum) {
        return new CommandRealServerSetup(fulcrum);
    }

    /**
     * How to build.
     *
     * @param stateDir  where state, generated files, sockets and logs go
     * @param dataplane passed to {@code fulcrum run --dataplane} when present
     * @param fulcrum   the command line that runs Fulcrum (java, its options, the class path and main class)
     */
    public record Options(Path stateDir, Optional<String> dataplane, List<String> fulcrum) {
        public Options {
            Objects.requireNonNull(stateDir, "stateDir");
            Objects.requireNonNull(dataplane, "dataplane");
            fulcrum = List.copyOf(fulcrum);
        }
    }

    private final LabPlan plan;
    private final Options options;
    private final LabStateStore store;
    private final TableReader tables;
    private final Consumer<String> say;
    private LabState state;

    private LabBuilder(LabPlan plan, Options options, LabStateStore store, TableReader tables,
            Consumer<String> say) {
        this.plan = plan;
        this.options = options;
        this.store = store;
        this.tables = tables;
        this.say = say;
    }

    /** The programs a lab needs on the PATH, and the Debian packages that have them. */
    public static List<String> missingPrograms(LabPlan plan) {
        Map<String, String> need = new java.util.LinkedHashMap<>();
        need.put("ip", "iproute2");
        need.put("setsid", "util-linux");
        need.put("nginx", "nginx");
        need.put("curl", "curl");
        if (plan.backup().peer() == LabPlan.Peer.KEEPALIVED) {
            need.put("keepalived", "keepalived");
        }
        List<String> missing = new ArrayList<>();
        need.forEach((prog, pkg) -> {
            if (!LabShell.onPath(prog)) {
                missing.add(prog + " (Debian package " + pkg + ")");
            }
        });
        return missing;
    }

    /** Builds the lab; returns its state (saved). {@code tables} reads a director's table; {@code say} narrates. */
    public static LabState up(LabPlan plan, Options options, LabStateStore store, TableReader tables,
            Consumer<String> say) throws LabException, InterruptedException {
        return new LabBuilder(plan, options, store, tables, say).build();
    }

    private LabState build() throws LabException, InterruptedException {
        List<String> missing = missingPrograms(plan);
        if (!missing.isEmpty()) {
            throw new LabException("missing programs: " + String.join(", ", missing)
                    + " (bin/test installs them; or: apt-get install nginx curl iproute2 keepalived)");
        }
        List<String> existing = LabTeardown.namespaces(plan.name());
        if (!existing.isEmpty()) {
            throw new LabException("lab " + plan.name() + " is already up (namespaces " + String.join(", ", existing)
                    + "): 'fulcrum lab down --name " + plan.name() + "' first");
        }
        LabStateStore.createDir(options.stateDir());
        state = new LabState(LabState.VERSION, plan, options.stateDir(), options.dataplane().orElse("auto"),
                ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME), Map.of(), List.of(), 0);
        store.save(state);
        try {
            network();
            servers();
            directors();
            settle();
            tableReady();
            store.save(state);
            return state;
        } catch (LabException | RuntimeException | InterruptedException e) {
            say.accept("Removing the half-built lab (logs stay in " + options.stateDir() + ")");
            LabTeardown.removeNamespaces(plan.name(), Optional.of(state));
            try {
                Files.deleteIfExists(options.stateDir().resolve(LabStateStore.FILE));
            } catch (IOException ignored) {
                // the namespaces are gone; a stale state file is cleaned by the next up or down
            }
            throw e;
        }
    }

    // ---- namespaces, links, addresses, routes

    private void network() throws LabException {
        String br = plan.bridgeNamespace();
        say.accept("Creating namespaces " + plan.prefix() + "-* (bridge namespace " + br + ")");
        addNamespace(br);
        List<LabPlan.Segment> segments = new ArrayList<>(List.of(LabPlan.Segment.FRONT));
        if (plan.hasBackSegment()) {
            segments.add(LabPlan.Segment.BACK);
        }
        for (LabPlan.Segment s : segments) {
            LabShell.ip(br, "link", "add", s.bridge(), "type", "bridge", "stp_state", "0", "mcast_snooping", "0");
            LabShell.ip(br, "link", "set", s.bridge(), "up");
        }
        Map<String, String> macs = new HashMap<>();
        int port = 0;
        for (LabPlan.Host h : plan.hosts()) {
            String ns = plan.namespace(h);
            addNamespace(ns);
            for (LabPlan.Link l : h.links()) {
                String p = "p" + (++port);
                LabShell.ip(br, "link", "add", p, "type", "veth", "peer", "name", l.ifname(), "netns", ns);
                LabShell.ip(br, "link", "set", p, "master", l.segment().bridge(), "up");
                for (IpPrefix a : l.addresses()) {
                    LabShell.ip(ns, "addr", "add", a.toString(), "dev", l.ifname());
                }
                LabShell.ip(ns, "link", "set", l.ifname(), "up");
                macs.put(h.name() + "/" + l.ifname(), LabShell.mac(ns, l.ifname()));
            }
            for (LabPlan.Route r : h.routes()) {
                LabShell.ip(ns, r.ipArgs());
            }
        }
        for (LabPlan.Director d : plan.directors()) {
            if (d.ipForward()) {
                LabShell.sysctl(plan.namespace(d.host()), "net.ipv4.ip_forward", "1");
            }
        }
        state = new LabState(state.version(), plan, state.stateDir(), state.dataplane(), state.createdAt(), macs,
                state.processes(), state.clientCursor());
        store.save(state);
    }

    private static void addNamespace(String ns) throws LabException {
        Commands.run(List.of("ip", "netns", "add", ns));
        LabShell.ip(ns, "link", "set", "lo", "up");
    }

    // ---- real servers and sorry servers

    private void servers() throws LabException, InterruptedException {
        RealServerSetup setup = realServerSetup(options.fulcrum());
        List<LabProcess> started = new ArrayList<>();
        for (LabPlan.Server s : plan.servers()) {
            String ns = plan.namespace(s.host());
            Path dir = options.stateDir().resolve(s.name());
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new LabException("cannot create " + dir + ": " + e.getMessage());
            }
            if (!s.vips().isEmpty()) {
                Optional<List<String>> decapsulator = setup.prepare(ns, s.vips(), s.decap(),
                        dir.resolve("realserver"));
                if (decapsulator.isPresent()) {
                    LabProcess d = new LabProcess(s.name(), LabProcess.DECAP, 0, decapsulator.get(),
                            dir.resolve("decap.log"), Optional.empty(), Optional.empty());
                    track(LabLauncher.startAndAwait(plan, d));
                }
            }
            String listen = s.ports().stream().map(p -> "    listen " + p + ";\n")
                    .reduce("", String::concat);
            Path conf = nginxSite(dir, s.page(), listen);
            say.accept("Real server " + s.name() + " (" + s.address() + "): nginx on port"
                    + (s.ports().size() == 1 ? " " : "s ") + joined(s.ports())
                    + (s.vips().isEmpty() ? "" : ", VIP " + joinedAddresses(s.vips()) + " on lo ["
                    + setup.describe() + "]") + (s.decap() ? ", decapsulating" : ""));
            LabProcess p = new LabProcess(s.name(), LabProcess.NGINX, 0, nginx(dir, conf), dir.resolve("nginx.log"),
                    Optional.empty(), Optional.of("http://" + s.address() + ":" + s.ports().getFirst() + "/"));
            started.add(track(LabLauncher.start(plan, p)));
        }
        for (LabPlan.Director d : plan.directors()) {
            for (LabEndpoint e : d.localServers()) {
                Path dir = options.stateDir().resolve(d.role() + "-sorry-" + e.port());
                Path conf = nginxSite(dir, "This is the sorry server on the " + d.role() + " director (" + e
                        + ")\n", "    listen " + e.address() + ":" + e.port() + ";\n");
                say.accept("Sorry server " + e + " on the " + d.role() + " director: nginx");
                LabProcess p = new LabProcess(d.role(), LabProcess.SORRY, 0, nginx(dir, conf),
                        dir.resolve("nginx.log"), Optional.empty(), Optional.of("http://" + e + "/"));
                started.add(track(LabLauncher.start(plan, p)));
            }
        }
        for (LabProcess p : started) {
            LabLauncher.await(plan, p, 0);
        }
    }

    /** Writes a one-page nginx site in {@code dir}: one process, no daemon, logs and temp files in {@code dir}. */
    static Path nginxSite(Path dir, String page, String listen) throws LabException {
        try {
            Files.createDirectories(dir.resolve("www"));
            Files.writeString(dir.resolve("www/index.html"), page);
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, "# written by fulcrum lab\n"
                    + "daemon off;\nmaster_process off;\nworker_processes 1;\n"
                    + "pid " + dir.resolve("nginx.pid") + ";\n"
                    + "error_log " + dir.resolve("error.log") + ";\n"
                    + "events { worker_connections 256; }\n"
                    + "http {\n  access_log off;\n  default_type text/plain;\n"
                    + "  server {\n" + listen + "    root " + dir.resolve("www") + ";\n  }\n}\n");
            return conf;
        } catch (IOException e) {
            throw new LabException("cannot write the nginx site in " + dir + ": " + e.getMessage());
        }
    }

    static List<String> nginx(Path dir, Path conf) {
        return List.of("nginx", "-p", dir.toString(), "-e", dir.resolve("error.log").toString(), "-c",
                conf.toString());
    }

    // ---- directors

    private void directors() throws LabException, InterruptedException {
        List<LabProcess> started = new ArrayList<>();
        for (LabPlan.Director d : plan.directors()) {
            Path log = options.stateDir().resolve(d.role() + ".log");
            Path socket = options.stateDir().resolve(d.role() + ".sock");
            if (d.peer() == LabPlan.Peer.FULCRUM) {
                say.accept("Director " + d.role() + " (" + d.address() + " on " + d.primaryInterface()
                        + "): fulcrum run -f " + d.config()
                        + options.dataplane().map(x -> " --dataplane " + x).orElse(""));
                started.add(track(LabLauncher.start(plan, new LabProcess(d.role(), LabProcess.FULCRUM, 0,
                        fulcrumRun(d, socket, false), log, Optional.of(socket), Optional.empty()))));
            } else {
                Path copy = options.stateDir().resolve(d.role() + "-vrrp-only.conf");
                Path kdir = options.stateDir().resolve(d.role() + "-keepalived");
                try {
                    Files.createDirectories(kdir);
                    Files.writeString(copy, VrrpOnlyConfig.strip(Files.readString(d.config())));
                } catch (IOException e) {
                    throw new LabException("cannot write " + copy + ": " + e.getMessage());
                }
                say.accept("Director " + d.role() + " (" + d.address() + " on " + d.primaryInterface()
                        + "): keepalived --vrrp -f " + copy + ", and fulcrum run --check -f " + d.config());
                List<String> k = List.of("keepalived", "--vrrp", "--dont-fork", "--log-console", "--log-detail",
                        "--no-syslog", "--use-file=" + copy, "--pid=" + kdir.resolve("keepalived.pid"),
                        "--vrrp_pid=" + kdir.resolve("vrrp.pid"), "--checkers_pid=" + kdir.resolve("checkers.pid"));
                started.add(track(LabLauncher.start(plan, new LabProcess(d.role(), LabProcess.KEEPALIVED, 0, k,
                        options.stateDir().resolve(d.role() + "-keepalived.log"), Optional.empty(),
                        Optional.empty()))));
                started.add(track(LabLauncher.start(plan, new LabProcess(d.role(), LabProcess.CHECKER, 0,
                        fulcrumRun(d, socket, true), log, Optional.of(socket), Optional.empty()))));
            }
        }
        for (LabProcess p : started) {
            LabLauncher.await(plan, p, 0);
        }
    }

    private List<String> fulcrumRun(LabPlan.Director d, Path socket, boolean checkOnly) {
        List<String> cmd = new ArrayList<>(options.fulcrum());
        cmd.addAll(List.of("run", "-f", d.config().toString(), "--socket", socket.toString(), "--log-detail"));
        if (checkOnly) {
            cmd.add("--check");
        }
        options.dataplane().ifPresent(x -> cmd.addAll(List.of("--dataplane", x)));
        return cmd;
    }

    private LabProcess track(LabProcess p) throws LabException {
        state = state.with(p);
        store.save(state);
        return p;
    }

    // ---- VRRP settles

    private void settle() throws LabException, InterruptedException {
        Duration advert = plan.directors().stream().map(LabPlan.Director::advertInterval).max(Duration::compareTo)
                .orElse(Duration.ofSeconds(1));
        Duration within = advert.multipliedBy(4).plusSeconds(10);
        say.accept("Waiting for VRRP to elect a master (advert_int " + advert.toSeconds() + " s; up to "
                + within.toSeconds() + " s)");
        Lab lab = new Lab(state, store, tables);
        LabPlan.Director expected = plan.expectedHolder();
        Deadline d = Deadline.in(within);
        boolean ok = d.await(() -> {
            for (LabProcess p : state.processes()) {
                if (p.isDirectorProcess() && !LabShell.running(p.pid())) {
                    throw new LabException(p.role() + " on the " + p.host() + " director ended; its log: " + p.log());
                }
            }
            return lab.holders().equals(List.of(expected));
        });
        if (ok) {
            say.accept("The " + expected.role() + " director (priority " + expected.priority() + ") holds the VIP "
                    + lab.vip() + " after " + Deadline.seconds(d.elapsed()));
            return;
        }
        Optional<LabPlan.Director> holder = lab.holder();
        if (holder.isEmpty()) {
            throw new LabException("no single director holds the VIP " + lab.vip() + " after "
                    + Deadline.seconds(d.elapsed()) + " (logs: " + options.stateDir() + "/*.log)");
        }
        say.accept("The " + holder.get().role() + " director holds the VIP " + lab.vip() + ", not the "
                + expected.role() + " (priority " + expected.priority() + ") as expected; its log says why: "
                + options.stateDir().resolve(expected.role() + ".log"));
    }

    /** Waits until the VIP holder's table lists every real server of the checked service (a note when not). */
    private void tableReady() throws LabException, InterruptedException {
        Optional<ClusterSpec.Service> service = plan.checkedService();
        if (service.isEmpty()) {
            return;
        }
        ClusterSpec.Service s = service.get();
        Lab lab = new Lab(state, store, tables);
        Deadline d = Deadline.in(s.recoveryWindow().plus(LabChecks.SLACK));
        List<String> missing = new ArrayList<>();
        boolean ok = d.await(() -> {
            missing.clear();
            Optional<LabPlan.Director> holder = lab.holder();
            if (holder.isEmpty()) {
                return false;
            }
            List<String> listed = IpvsTable.destinations(lab.table(holder.get()), s.protocol(), s.endpoint())
                    .orElse(List.of()).stream().filter(x -> x.weight() > 0).map(IpvsTable.Destination::address)
                    .toList();
            s.realServers().stream().map(rs -> rs.address().toString()).filter(a -> !listed.contains(a))
                    .distinct().forEach(missing::add);
            return missing.isEmpty();
        });
        if (ok) {
            say.accept("Every real server of " + s.endpoint() + " is in its table");
        } else {
            say.accept("Note: not in the table of " + s.endpoint() + " after " + Deadline.seconds(d.elapsed()) + ": "
                    + String.join(", ", missing) + " (their health checks fail? see the directors' logs)");
        }
    }

    private static String joined(List<Integer> ports) {
        return String.join(", ", ports.stream().map(String::valueOf).toList());
    }

    static String joinedAddresses(List<IpAddress> addresses) {
        return String.join(", ", addresses.stream().map(IpAddress::toString).toList());
    }
}
