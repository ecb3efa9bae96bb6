package io.fulcrum.daemon;

import io.fulcrum.check.CheckerId;
import io.fulcrum.check.HealthState;
import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.CheckerSpec;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.RealServer;
import io.fulcrum.config.model.SorryServer;
import io.fulcrum.config.model.VirtualServer;
import io.fulcrum.control.DataplaneStatus;
import io.fulcrum.ipvs.DestinationSnapshot;
import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.RateSnapshot;
import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.ServiceSnapshot;
import io.fulcrum.ipvs.StatsSnapshot;
import io.fulcrum.ipvs.TableSnapshot;
import io.fulcrum.web.CheckView;
import io.fulcrum.web.DataplaneView;
import io.fulcrum.web.RealServerView;
import io.fulcrum.web.StatusView;
import io.fulcrum.web.TrafficView;
import io.fulcrum.web.VirtualServerView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The status page's view of the running daemon: the table's services and destinations with their counters and
 * rates, each joined to the configuration's virtual and real server it comes from (health, quorum, sorry server,
 * checkers and their last probes); real servers the health state keeps out of the table are listed too, DOWN.
 * Runs on the control loop's thread (the table and the health state are read there).
 */
final class WebStatusMapping {

    /** A destination of a table service. */
    private record Dest(ServiceKey service, IpAddress address, int port) {
    }

    /** A configured real server: its virtual server's and its own index. */
    private record Ref(int vs, int rs) {
    }

    private final KeepalivedConfig config;
    private final Optional<HealthState> health;
    private final ProbeRecorder probes;
    private final LongSupplier nanos;
    private final Supplier<Instant> wall;
    private final Map<ServiceKey, Integer> services = new HashMap<>();
    private final Map<Dest, Ref> realServers = new HashMap<>();
    private final Set<Dest> sorry = new HashSet<>();
    private final Set<Ref> known = new HashSet<>();

    /**
     * @param targets the table services of each configured virtual server (empty when the table could not be
     *                loaded from the configuration: then only the table is shown)
     */
    WebStatusMapping(KeepalivedConfig config, List<List<ServiceTarget>> targets, Optional<HealthState> health,
            ProbeRecorder probes, LongSupplier nanos, Supplier<Instant> wall) {
        this.config = config;
        this.health = health;
        this.probes = probes;
        this.nanos = nanos;
        this.wall = wall;
        for (int v = 0; v < targets.size() && v < config.virtualServers().size(); v++) {
            VirtualServer vs = config.virtualServers().get(v);
            for (ServiceTarget t : targets.get(v)) {
                services.putIfAbsent(t.key(), v);
                for (int r = 0; r < vs.realServers().size(); r++) {
                    RealServer rs = vs.realServers().get(r);
                    realServers.putIfAbsent(new Dest(t.key(), rs.address(), VirtualServerMapping.destinationPort(
                            rs.forwarding(), rs.port(), t.port())), new Ref(v, r));
                    known.add(new Ref(v, r));
                }
                vs.sorryServer().ifPresent(s -> sorry.add(new Dest(t.key(), s.address(),
                        VirtualServerMapping.destinationPort(s.forwarding(), s.port(), t.port()))));
            }
        }
    }

    /** The table's services as the page shows them. */
    List<VirtualServerView> virtualServers(TableSnapshot table) {
        List<VirtualServerView> out = new ArrayList<>();
        for (ServiceSnapshot s : table.services()) {
            out.add(virtualServer(s));
        }
        return out;
    }

    private VirtualServerView virtualServer(ServiceSnapshot s) {
        Integer v = services.get(s.key());
        Optional<VirtualServer> spec = v == null ? Optional.empty() : Optional.of(config.virtualServers().get(v));
        List<RealServerView> list = new ArrayList<>();
        Set<Integer> listed = new HashSet<>();
        for (DestinationSnapshot d : s.destinations()) {
            Dest key = new Dest(s.key(), d.address(), d.port());
            Ref ref = realServers.get(key);
            if (ref == null && sorry.contains(key)) {
                continue; // the sorry server: shown with the virtual server, not as one of its real servers
            }
            if (ref != null) {
                listed.add(ref.rs());
            }
            boolean up = ref == null || health.map(h -> h.realServerUp(ref.vs(), ref.rs())).orElse(true);
            list.add(new RealServerView(endpoint(d.address(), d.port()), up, d.settings().weight(), true,
                    forwarding(d.settings().forwarding()), d.activeConns(), d.inactConns(),
                    traffic(d.stats(), d.rate()), ref == null ? List.of() : checks(ref)));
        }
        if (v != null && health.isPresent()) {
            List<RealServer> configured = spec.get().realServers();
            for (int r = 0; r < configured.size(); r++) {
                if (!listed.contains(r) && known.contains(new Ref(v, r))) {
                    RealServer rs = configured.get(r);
                    Ref ref = new Ref(v, r);
                    list.add(new RealServerView(endpoint(rs.address(), port(s.key(), rs)),
                            health.get().realServerUp(v, r), health.get().realServerWeight(v, r), false,
                            rs.forwarding().keyword(), 0, 0, TrafficView.ZERO, checks(ref)));
                }
            }
        }
        boolean quorum = v == null || health.map(h -> h.quorumUp(v)).orElse(true);
        boolean sorryActive = v != null && health.map(h -> h.sorryServing(v)).orElse(false);
        Optional<String> sorryName = spec.flatMap(VirtualServer::sorryServer)
                .map(x -> endpoint(x.address(), port(s.key(), x)));
        return new VirtualServerView(name(s.key()), s.settings().scheduler(), quorum, sorryName, sorryActive,
                traffic(s.stats(), s.rate()), list);
    }

    private int port(ServiceKey key, RealServer rs) {
        int servicePort = key instanceof ServiceKey.Inet i ? i.port() : 0;
        return VirtualServerMapping.destinationPort(rs.forwarding(), rs.port(), servicePort);
    }

    private int port(ServiceKey key, SorryServer s) {
        int servicePort = key instanceof ServiceKey.Inet i ? i.port() : 0;
        return VirtualServerMapping.destinationPort(s.forwarding(), s.port(), servicePort);
    }

    private List<CheckView> checks(Ref ref) {
        List<CheckerSpec> specs = config.virtualServers().get(ref.vs()).realServers().get(ref.rs()).checkers();
        Map<String, Integer> seen = new HashMap<>();
        List<CheckView> out = new ArrayList<>();
        long now = nanos.getAsLong();
        Instant wallNow = wall.get();
        for (int c = 0; c < specs.size(); c++) {
            String kind = specs.get(c).keyword();
            int n = seen.merge(kind, 1, Integer::sum);
            String name = n == 1 ? kind : kind + "_" + n;
            Optional<ProbeRecorder.Probe> p = probes.last(new CheckerId(ref.vs(), ref.rs(), c));
            out.add(new CheckView(name, p.map(ProbeRecorder.Probe::ok), p.map(ProbeRecorder.Probe::message).orElse(""),
                    p.map(x -> x.nanos() / 1_000_000.0),
                    p.map(x -> wallNow.minusNanos(now - x.endNanos()).toString()),
                    p.map(ProbeRecorder.Probe::probes).orElse(0L), p.map(ProbeRecorder.Probe::failures).orElse(0L)));
        }
        return out;
    }

    /** The packet engine's counters as the page shows them. */
    static DataplaneView dataplane(DataplaneStatus d, Map<String, Long> proxyErrors) {
        return new DataplaneView(d.running(), d.received(), d.forwarded(), d.drops(), d.frameErrors(), proxyErrors);
    }

    private static TrafficView traffic(StatsSnapshot s, RateSnapshot r) {
        return new TrafficView(s.conns(), s.inPkts(), s.outPkts(), s.inBytes(), s.outBytes(), r.cps(), r.inBps(),
                r.outBps());
    }

    /** As ipvsadm prints a service, with one space: {@code TCP 10.0.0.100:80}, {@code FWM 1}. */
    static String name(ServiceKey key) {
        return switch (key) {
            case ServiceKey.Inet i -> i.protocol().label() + " " + endpoint(i.address(), i.port());
            case ServiceKey.Fwmark f -> "FWM " + Integer.toUnsignedString(f.mark()) + (f.isV6() ? " IPv6" : "");
        };
    }

    static String endpoint(IpAddress address, int port) {
        return (address.isV6() ? "[" + address + "]" : address.toString()) + ":" + port;
    }

    private static String forwarding(ForwardingMethod m) {
        return switch (m) {
            case MASQ -> "NAT";
            case ROUTE -> "DR";
            case TUNNEL -> "TUN";
            case FULLNAT -> "FNAT";
            case LOCAL -> "LOCAL";
        };
    }
}
