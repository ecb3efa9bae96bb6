package io.fulcrum.lab;

import io.fulcrum.common.IpAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lab that is up, seen through its saved state: who holds the VIP, the directors' tables, requests from the
 * client, and the moves the checks make (stop and start a real server's web server, kill and revive a director).
 * Every change of processes is saved at once.
 */
public final class Lab {

    private static final Pattern LLADDR = Pattern.compile("lladdr ([0-9a-f:]{17})");

    private LabState state;
    private final LabStateStore store;
    private final TableReader tables;

    public Lab(LabState state, LabStateStore store, TableReader tables) {
        this.state = state;
        this.store = store;
        this.tables = tables;
    }

    public LabState state() {
        return state;
    }

    public LabPlan plan() {
        return state.plan();
    }

    public String namespace(String host) {
        return plan().prefix() + "-" + host;
    }

    /** The VIP the lab watches: the checked service's, else the master's first. */
    public IpAddress vip() {
        return plan().checkedService().map(ClusterSpec.Service::vip)
                .orElseGet(() -> plan().master().vips().getFirst());
    }

    public List<IpAddress> vips() {
        return plan().master().vips();
    }

    /** The directors that have the VIP on an interface now (one, unless VRRP is split). */
    public List<LabPlan.Director> holders() throws LabException {
        List<LabPlan.Director> out = new ArrayList<>();
        for (LabPlan.Director d : plan().directors()) {
            if (LabShell.hasAddress(namespace(d.role()), vip().toString())) {
                out.add(d);
            }
        }
        return out;
    }

    public Optional<LabPlan.Director> holder() throws LabException {
        List<LabPlan.Director> h = holders();
        return h.size() == 1 ? Optional.of(h.getFirst()) : Optional.empty();
    }

    public LabPlan.Director other(LabPlan.Director d) {
        return d.role().equals(plan().master().role()) ? plan().backup() : plan().master();
    }

    /** The interface of director {@code d} that carries the VIP (its first VRRP interface unless it says else). */
    public String vipInterface(LabPlan.Director d) throws LabException {
        for (String line : LabShell.ip(namespace(d.role()), "-o", "-4", "addr", "show").lines().toList()) {
            if (line.contains(" " + vip() + "/")) {
                return line.split("\\s+")[1];
            }
        }
        return d.primaryInterface();
    }

    /** {@code ipvsadm -Ln} of a director, through its control socket. */
    public String table(LabPlan.Director d) throws LabException {
        Optional<Path> socket = state.socket(d.role());
        if (socket.isEmpty()) {
            throw new LabException("the " + d.role() + " director has no Fulcrum control socket");
        }
        return tables.list(socket.get());
    }

    /** The lines of a director's table for the checked service. */
    public String tableExcerpt(LabPlan.Director d, ClusterSpec.Service s) throws LabException {
        return IpvsTable.excerpt(table(d), s.protocol(), s.endpoint());
    }

    /** One HTTP request from the client (from {@code source}) to the service; what came back. */
    public Response request(ClusterSpec.Service s, IpAddress source) throws LabException {
        String url = "http://" + s.vip() + ":" + s.port() + "/";
        Commands.Result r = LabShell.execResult(namespace("client"), List.of("curl", "-sS", "--max-time", "3",
                "--interface", source.toString(), url));
        if (!r.ok()) {
            String why = r.err().strip().replaceFirst("^curl: \\(\\d+\\) ", "");
            return new Response(source, false, "", "curl exit " + r.exitCode() + ": " + why, Optional.empty());
        }
        String body = r.out().strip();
        return new Response(source, true, body, "", server(body));
    }

    /** The real server whose page {@code body} is. */
    public Optional<LabPlan.Server> server(String body) {
        return plan().servers().stream().filter(x -> x.page().strip().equals(body.strip())).findFirst();
    }

    /**
     * A response.
     *
     * @param source the client address it was sent from
     * @param ok     whether an answer came
     * @param body   the answer
     * @param error  why none came
     * @param server the server whose page it is
     */
    public record Response(IpAddress source, boolean ok, String body, String error, Optional<LabPlan.Server> server) {

        /** "rs1" or what answered, or "FAILED (...)". */
        public String label() {
            if (!ok) {
                return "FAILED (" + error + ")";
            }
            return server.map(LabPlan.Server::name).orElse("\"" + body + "\"");
        }
    }

    /** The client's neighbour entry for the VIP (its MAC when it has one) and the raw line. */
    public record Neighbour(Optional<String> mac, String line) {
    }

    public Neighbour neighbour() throws LabException {
        String line = LabShell.ip(namespace("client"), "neigh", "show", vip().toString()).strip();
        Matcher m = LLADDR.matcher(line);
        return new Neighbour(m.find() ? Optional.of(m.group(1)) : Optional.empty(), line);
    }

    /** "the backup director's ens33" for a MAC of the lab, else "no host of the lab". */
    public String whose(String mac) {
        for (Map.Entry<String, String> e : state.macs().entrySet()) {
            if (e.getValue().equalsIgnoreCase(mac)) {
                String[] hostIf = e.getKey().split("/", 2);
                boolean director = plan().director(hostIf[0]).isPresent();
                return (director ? "the " + hostIf[0] + " director's " : hostIf[0] + "'s ") + hostIf[1];
            }
        }
        return "no host of the lab";
    }

    public String mac(LabPlan.Director d, String ifname) {
        return state.mac(d.role(), ifname).orElse("?");
    }

    // ---- client addresses lent for a while

    /**
     * Lends the client {@code n} addresses it has not used lately (the next ones of the plan's pool, in turn), added
     * to its {@code eth0}; {@link #releaseClients} takes them back.
     */
    public List<IpAddress> freshClients(int n) throws LabException {
        List<IpAddress> pool = plan().clientPool();
        if (pool.isEmpty()) {
            throw new LabException("no free address left in " + plan().network() + " to lend the client");
        }
        List<IpAddress> out = new ArrayList<>();
        int cursor = state.clientCursor();
        for (int i = 0; i < Math.min(n, pool.size()); i++) {
            IpAddress a = pool.get(Math.floorMod(cursor + i, pool.size()));
            Commands.Result r = Commands.result(List.of("ip", "-n", namespace("client"), "addr", "add",
                    a + "/24", "dev", "eth0"));
            if (!r.ok() && !r.err().contains("File exists")) {
                throw new LabException("cannot add " + a + " to the client: " + r.err().strip());
            }
            out.add(a);
        }
        state = state.withClientCursor(Math.floorMod(cursor + out.size(), pool.size()));
        store.save(state);
        return out;
    }

    /** Takes lent addresses back from the client. */
    public void releaseClients(List<IpAddress> addresses) throws LabException {
        for (IpAddress a : addresses) {
            Commands.result(List.of("ip", "-n", namespace("client"), "addr", "del", a + "/24", "dev", "eth0"));
        }
    }

    public IpAddress clientAddress() {
        return plan().client().links().getFirst().addresses().getFirst().address();
    }

    // ---- moves

    /** Stops the web server of {@code s} (SIGTERM, as 'systemctl stop nginx' does). */
    public void stopWeb(LabPlan.Server s) throws LabException, InterruptedException {
        LabProcess p = state.process(s.name(), LabProcess.NGINX)
                .orElseThrow(() -> new LabException(s.name() + " has no web server in the lab's state"));
        LabShell.stop(p.pid(), namespace(s.name()), false, 10);
    }

    /** Starts the web server of {@code s} again and waits until it answers. */
    public void startWeb(LabPlan.Server s) throws LabException, InterruptedException {
        LabProcess p = state.process(s.name(), LabProcess.NGINX)
                .orElseThrow(() -> new LabException(s.name() + " has no web server in the lab's state"));
        if (LabShell.alive(p.pid(), namespace(s.name()))) {
            return;
        }
        update(LabLauncher.startAndAwait(plan(), p));
    }

    public boolean webRunning(LabPlan.Server s) {
        return state.process(s.name(), LabProcess.NGINX).map(p -> LabShell.alive(p.pid(), namespace(s.name())))
                .orElse(false);
    }

    /**
     * Kills director {@code d} as a crash would: its VRRP and table processes SIGKILLed, its links down (a dead
     * machine neither advertises nor answers ARP for the VIP it still has configured).
     */
    public void killDirector(LabPlan.Director d) throws LabException, InterruptedException {
        for (LabProcess p : state.processes(d.role())) {
            if (p.isDirectorProcess()) {
                LabShell.stop(p.pid(), namespace(d.role()), true, 10);
            }
        }
        for (LabPlan.Link l : d.host().links()) {
            LabShell.ip(namespace(d.role()), "link", "set", l.ifname(), "down");
        }
    }

    /** Brings a killed director back: links up, its processes started again and ready. */
    public void reviveDirector(LabPlan.Director d) throws LabException, InterruptedException {
        for (LabPlan.Link l : d.host().links()) {
            LabShell.ip(namespace(d.role()), "link", "set", l.ifname(), "up");
        }
        for (LabProcess p : state.processes(d.role())) {
            if (p.isDirectorProcess() && !LabShell.alive(p.pid(), namespace(d.role()))) {
                update(LabLauncher.startAndAwait(plan(), p));
            }
        }
    }

    /** Whether each of the director's VRRP/table processes runs. */
    public boolean directorRunning(LabPlan.Director d) {
        return state.processes(d.role()).stream().filter(LabProcess::isDirectorProcess)
                .allMatch(p -> LabShell.alive(p.pid(), namespace(d.role())));
    }

    private void update(LabProcess p) throws LabException {
        state = state.with(p);
        store.save(state);
    }
}
