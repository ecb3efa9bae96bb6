package io.fulcrum.daemon;

import io.fulcrum.cli.Dataplane;
import io.fulcrum.ipvs.ServiceTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps the proxy in step with the table: {@link #sync} gives it the services {@link ForwardingPlan} picks, at
 * start and after every change of the table, on the control loop's thread. The proxy is created the first time
 * there is something to proxy (no event loops run for a table with nothing to proxy). Each notice is logged once while its
 * cause lasts (a destination removed and added again is noticed again); what the proxy cannot bind is logged
 * every time it is tried.
 */
final class ForwardingSync implements AutoCloseable {

    private final Dataplane mode;
    private ServiceOrigins origins;
    private final Supplier<ProxyPort> proxies;
    private final Supplier<PacketPort> engines;
    private final Consumer<String> log;
    private ProxyPort proxy;
    private volatile PacketPort engine;
    private Set<String> noticed = Set.of();
    private int proxied;
    private int unbound;
    private int packet;
    private int packetProblems;

    /**
     * @param proxies creates the proxy when it is first needed (never with {@code --dataplane none})
     * @param engines creates the packet engine when it is first needed (only with {@code --dataplane auto})
     */
    ForwardingSync(Dataplane mode, ServiceOrigins origins, Supplier<ProxyPort> proxies, Supplier<PacketPort> engines,
                   Consumer<String> log) {
        this.mode = mode;
        this.origins = origins;
        this.proxies = proxies;
        this.engines = engines;
        this.log = log;
    }

    /**
     * With {@code --dataplane auto}, a virtual_server none of whose real servers uses FNAT needs the packet
     * engine: when it cannot run here ({@code engineUnavailable}: the reason, e.g. no CAP_NET_RAW), the reason to
     * refuse to start, naming each such block, its methods, the cause and the ways out.
     */
    static Optional<String> startProblem(Dataplane mode, ServiceOrigins origins, Optional<String> engineUnavailable) {
        if (mode != Dataplane.AUTO || engineUnavailable.isEmpty()) {
            return Optional.empty();
        }
        List<String> blocks = origins.blocks().stream().filter(b -> !b.fullNat())
                .map(b -> "virtual_server " + b.name() + " (virtual_server #" + b.position() + ") uses lvs_method "
                        + String.join("/", b.methods()))
                .toList();
        if (blocks.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join("; ", blocks) + ": DR, NAT and TUN need Fulcrum's packet engine, which cannot"
                + " run here (" + engineUnavailable.get() + "), so nothing could forward "
                + (blocks.size() == 1 ? "it" : "them") + ". Run as root (or with CAP_NET_RAW and CAP_NET_ADMIN), or"
                + " use lvs_method FNAT (full NAT through the user-space proxy), or run with --dataplane proxy (the"
                + " proxy serves DR/NAT/TUN services too; responses then flow back through the director), or with"
                + " --dataplane none (the table is served, nothing is forwarded)");
    }

    /** A reload's configuration side of the services, used from the next {@link #sync} on. */
    void origins(ServiceOrigins next) {
        this.origins = next;
    }

    /** Gives the proxy the services it is to serve now; returns the lines of those it could not bind. */
    List<String> sync(ServiceTable table) {
        ForwardingPlan plan = ForwardingPlan.of(mode, table, origins);
        Set<String> now = new HashSet<>();
        for (ForwardingPlan.Notice n : plan.notices()) {
            if (now.add(n.key()) && !noticed.contains(n.key())) {
                log.accept(n.line());
            }
        }
        noticed = now;
        List<String> all = new ArrayList<>(syncProxy(plan));
        all.addAll(syncEngine(plan));
        return all;
    }

    private List<String> syncEngine(ForwardingPlan plan) {
        if (engine == null && plan.packet().isEmpty()) {
            return List.of();
        }
        List<String> problems;
        try {
            if (engine == null) {
                engine = engines.get();
            }
            problems = engine.apply(plan.packet());
        } catch (RuntimeException e) {
            problems = List.of("the packet engine failed to take the table's services (" + e + "); it serves what"
                    + " it served");
        }
        problems.forEach(log);
        packet = plan.packet().size();
        packetProblems = problems.size();
        return problems;
    }

    private List<String> syncProxy(ForwardingPlan plan) {
        if (proxy == null && plan.proxied().isEmpty()) {
            return List.of();
        }
        List<String> problems;
        try {
            if (proxy == null) {
                proxy = proxies.get();
            }
            problems = proxy.apply(plan.proxied());
        } catch (RuntimeException e) {
            problems = List.of("the proxy failed to take the table's services (" + e + "); it serves what it served");
        }
        problems.forEach(log);
        proxied = plan.proxied().size();
        unbound = problems.size();
        return problems;
    }

    /** The packet engine's status (not running when it was never needed). */
    /** The proxy's counters, once it runs (read on the control loop's thread). */
    java.util.Optional<io.fulcrum.dataplane.proxy.ProxyStats> proxyStats() {
        ProxyPort p = proxy;
        return p == null ? java.util.Optional.empty() : p.stats();
    }

    io.fulcrum.control.DataplaneStatus packetStatus() {
        PacketPort e = engine;
        return e == null ? io.fulcrum.control.DataplaneStatus.NOT_RUNNING : e.status();
    }

    /** What the last {@link #sync} left forwarded, as the start-up log says it. */
    String summary() {
        return switch (mode) {
            case NONE -> "Forwarding is off (--dataplane none): the table is served, no traffic is forwarded";
            case PROXY -> "Forwarding: " + proxied + " service(s) through the user-space proxy (full NAT)"
                    + (unbound == 0 ? "" : ", " + unbound + " of them not bound (see above)");
            case AUTO -> "Forwarding: " + proxied + " service(s) through the user-space proxy (full NAT)"
                    + (unbound == 0 ? "" : ", " + unbound + " of them not bound (see above)")
                    + (packet == 0 ? "" : "; " + packet + " through the packet engine (DR/NAT/TUN)"
                            + (packetProblems == 0 ? "" : ", with " + packetProblems + " problem(s) (see above)"));
        };
    }

    /** Closes the proxy and the packet engine, if they were created: listeners, connections, kernel rules. */
    @Override
    public void close() {
        if (proxy != null) {
            proxy.close();
        }
        if (engine != null) {
            engine.close();
        }
    }
}
