package io.fulcrum.lab;

import io.fulcrum.common.IpAddress;
import io.fulcrum.common.IpPrefix;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Turns what two directors' configurations say ({@link ClusterSpec}) into a lab ({@link LabPlan}), deciding what the
 * configurations leave open:
 * <ul>
 *   <li>the client and the directors get addresses in the VIP's /24, never one the configurations name: the client
 *       the first free one from .1, the master and then the backup the next free ones (a director whose first
 *       instance sets unicast_src_ip or mcast_src_ip gets that one); the rest of the /24, counted down from .254,
 *       is the pool of further client addresses the persistence checks lend the client;</li>
 *   <li>real servers keep their configured addresses, one host each, on the VIP's segment (a real server outside
 *       the VIP's /24 gets on-link routes both ways); NAT real servers outside the VIP's /24 sit on a second segment
 *       with the directors, whose VIP in that subnet (else the master's address there) is their default gateway;</li>
 *   <li>directors' interfaces are named as their vrrp_instance blocks name them.</li>
 * </ul>
 * IPv4 only. Pure: no system is touched (whether a script exists is asked of the given predicate).
 */
public final class LabPlanner {

    /** Lab names: they become namespace names, so short and plain. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,19}");

    /** The prefix of a lab's namespaces. */
    public static String prefix(String name) {
        return "fl-" + name;
    }

    private LabPlanner() {
    }

    /**
     * Plans the lab {@code name} for {@code spec}; the backup runs {@code backupPeer}.
     *
     * @throws LabException when the configurations cannot make a lab (no VIP, an IPv6 VIP, no free address)
     */
    public static LabPlan plan(String name, ClusterSpec spec, LabPlan.Peer backupPeer, Predicate<String> scriptExists)
            throws LabException {
        if (!NAME.matcher(name).matches()) {
            throw new LabException("lab name '" + name + "': use 1-20 lower-case letters, digits, '-' or '_',"
                    + " starting with a letter or digit");
        }
        IpAddress anchor = anchorVip(spec);
        if (!anchor.isV4()) {
            throw new LabException("the VIP " + anchor + " is IPv6: the lab builds IPv4 clusters only");
        }
        IpPrefix network = subnet(anchor);
        List<String> notes = new ArrayList<>();
        Set<IpAddress> used = new HashSet<>(spec.configured());

        // the client, then the directors, in the VIP's /24
        IpAddress client = take(used, network, 1, +1);
        IpAddress masterAddress = directorAddress(spec.master(), network, used);
        IpAddress backupAddress = directorAddress(spec.backup(), network, used);

        // servers: distinct real server addresses, master's services first, then non-local sorry servers
        Map<IpAddress, ServerDraft> drafts = new LinkedHashMap<>();
        for (ClusterSpec.Service s : spec.services()) {
            for (ClusterSpec.RealServer rs : s.realServers()) {
                ServerDraft d = drafts.computeIfAbsent(rs.address(), a -> new ServerDraft(a, rs.forwarding(), false));
                d.ports.add(rs.port());
                if (rs.forwarding().realServersHoldVip()) {
                    d.vips.add(s.vip());
                }
            }
        }
        for (ClusterSpec.Service s : spec.services()) {
            s.sorryServer().filter(e -> !e.address().isLoopback()).ifPresent(e -> {
                ServerDraft d = drafts.computeIfAbsent(e.address(), a -> new ServerDraft(a, s.forwarding(), true));
                d.ports.add(e.port() == 0 ? s.port() : e.port());
                if (s.forwarding().realServersHoldVip()) {
                    d.vips.add(s.vip());
                }
            });
        }
        for (ServerDraft d : drafts.values()) {
            if (!d.address.isV4()) {
                throw new LabException("real server " + d.address + " is IPv6: the lab builds IPv4 clusters only");
            }
        }

        // subnets of NAT real servers outside the VIP's /24: the back segment
        Set<IpPrefix> backSubnets = new LinkedHashSet<>();
        Set<IpPrefix> frontForeign = new LinkedHashSet<>();
        for (ServerDraft d : drafts.values()) {
            IpPrefix sub = subnet(d.address);
            if (sub.equals(network)) {
                if (d.forwarding == LabForwarding.NAT) {
                    notes.add("real server " + d.address + " (NAT) is in the VIP's /24 like the client: its replies"
                            + " reach the client directly, not through the director, so only --dataplane proxy"
                            + " serves it (the lab does not yet give the client a subnet of its own for this case)");
                }
            } else if (d.forwarding == LabForwarding.NAT) {
                backSubnets.add(sub);
            } else {
                frontForeign.add(sub);
            }
        }

        List<LabPlan.Director> directors = new ArrayList<>();
        Map<IpPrefix, IpAddress> gateways = new LinkedHashMap<>();
        boolean nat = spec.services().stream().flatMap(s -> s.realServers().stream())
                .anyMatch(rs -> rs.forwarding() == LabForwarding.NAT);
        for (ClusterSpec.Director d : List.of(spec.master(), spec.backup())) {
            IpAddress own = d == spec.master() ? masterAddress : backupAddress;
            directors.add(director(d, own, network, backSubnets, frontForeign, used, gateways, notes,
                    d == spec.backup() ? backupPeer : LabPlan.Peer.FULCRUM, nat));
        }
        for (IpPrefix sub : backSubnets) {
            if (spec.master().interfaces().stream().flatMap(i -> i.vips().stream())
                    .noneMatch(v -> subnet(v).equals(sub))) {
                notes.add("no VIP of the directors is in " + sub + ": its NAT real servers route through the"
                        + " master's address " + gateways.get(sub) + ", which does not move on failover");
            }
        }

        List<LabPlan.Server> servers = new ArrayList<>();
        int realIndex = 0;
        int sorryIndex = 0;
        for (ServerDraft d : drafts.values()) {
            IpPrefix sub = subnet(d.address);
            boolean back = backSubnets.contains(sub);
            List<LabPlan.Route> routes = new ArrayList<>();
            if (back) {
                routes.add(new LabPlan.Route(new IpPrefix(IpAddress.parse("0.0.0.0"), 0),
                        Optional.of(gateways.get(sub)), "eth0"));
            } else if (!sub.equals(network)) {
                routes.add(new LabPlan.Route(network, Optional.empty(), "eth0"));
            }
            String hostName = d.sorry ? "sorry" + (++sorryIndex) : "rs" + (++realIndex);
            int index = d.sorry ? sorryIndex : realIndex;
            LabPlan.Host host = new LabPlan.Host(hostName, List.of(new LabPlan.Link("eth0",
                    back ? LabPlan.Segment.BACK : LabPlan.Segment.FRONT, List.of(new IpPrefix(d.address, 24)))),
                    routes);
            String page = d.sorry ? "This is the sorry server (" + d.address + ")\n"
                    : "This is Real Server " + index + " (" + d.address + ")\n";
            servers.add(new LabPlan.Server(host, index, d.address, List.copyOf(d.ports), List.copyOf(d.vips),
                    d.forwarding == LabForwarding.TUN, d.sorry, page));
        }

        // the rest of the /24, from the top down: addresses the checks lend the client
        List<IpAddress> clientPool = new ArrayList<>();
        for (int host = 254; host >= 1; host--) {
            IpAddress a = network.address().masked(24).plus(host);
            if (!used.contains(a)) {
                clientPool.add(a);
            }
        }
        List<IpPrefix> clientAddresses = List.of(new IpPrefix(client, 24));
        List<LabPlan.Route> clientRoutes = new ArrayList<>();
        for (ClusterSpec.Service s : spec.services()) {
            if (s.vip().isV4() && !subnet(s.vip()).equals(network)) {
                clientRoutes.add(new LabPlan.Route(IpPrefix.host(s.vip()), Optional.empty(), "eth0"));
            }
        }
        LabPlan.Host clientHost = new LabPlan.Host("client",
                List.of(new LabPlan.Link("eth0", LabPlan.Segment.FRONT, clientAddresses)), dedupe(clientRoutes));

        for (ClusterSpec.Director d : List.of(spec.master(), spec.backup())) {
            for (String script : d.scripts()) {
                if (!scriptExists.test(script)) {
                    notes.add(d.role() + ": the configuration runs " + script + ", which does not exist on this host:"
                            + " Fulcrum will log it as failing (the lab does not write into the host's files)");
                }
            }
        }
        if (backupPeer == LabPlan.Peer.KEEPALIVED) {
            notes.add("backup: keepalived 2.2.7 runs VRRP from a VRRP-only copy of " + spec.backup().config()
                    + "; 'fulcrum run --check' beside it keeps the table, checks the real servers and forwards");
        }
        if (spec.services().stream().noneMatch(s -> s.protocol().equals("tcp"))) {
            notes.add("no TCP virtual_server (address and port) in the configurations: 'lab test' has no service to"
                    + " send requests to");
        }
        return new LabPlan(name, prefix(name), network, clientHost, clientPool, directors, servers,
                spec.services(), notes);
    }

    private static LabPlan.Director director(ClusterSpec.Director d, IpAddress own, IpPrefix network,
            Set<IpPrefix> backSubnets, Set<IpPrefix> frontForeign, Set<IpAddress> used,
            Map<IpPrefix, IpAddress> gateways, List<String> notes, LabPlan.Peer peer, boolean nat)
            throws LabException {
        List<LabPlan.Link> links = new ArrayList<>();
        Set<IpPrefix> covered = new HashSet<>();
        String primary = d.interfaces().getFirst().name();
        for (ClusterSpec.Interface i : d.interfaces()) {
            if (links.isEmpty()) {
                links.add(new LabPlan.Link(i.name(), LabPlan.Segment.FRONT, List.of(new IpPrefix(own, 24))));
                continue;
            }
            Optional<IpPrefix> back = i.vips().stream().map(LabPlanner::subnet).filter(backSubnets::contains)
                    .findFirst();
            if (back.isPresent()) {
                IpAddress a = take(used, back.get(), 1, +1);
                gateways.putIfAbsent(back.get(), i.vips().stream().filter(v -> subnet(v).equals(back.get()))
                        .findFirst().orElse(a));
                covered.add(back.get());
                links.add(new LabPlan.Link(i.name(), LabPlan.Segment.BACK, List.of(new IpPrefix(a, 24))));
            } else {
                IpAddress a = take(used, network, 1, +1);
                notes.add(d.role() + ": interface " + i.name() + " is on the VIP's segment too, with " + a);
                links.add(new LabPlan.Link(i.name(), LabPlan.Segment.FRONT, List.of(new IpPrefix(a, 24))));
            }
        }
        // a back subnet no interface of the configuration reaches: a link of the lab's own
        List<IpPrefix> uncovered = backSubnets.stream().filter(s -> !covered.contains(s)).toList();
        if (!uncovered.isEmpty()) {
            String name = freeName(links);
            List<IpPrefix> addresses = new ArrayList<>();
            for (IpPrefix sub : uncovered) {
                IpAddress a = take(used, sub, 1, +1);
                gateways.putIfAbsent(sub, a);
                addresses.add(new IpPrefix(a, 24));
            }
            links.add(new LabPlan.Link(name, LabPlan.Segment.BACK, addresses));
        }
        List<LabPlan.Route> routes = new ArrayList<>();
        for (IpPrefix sub : frontForeign) {
            routes.add(new LabPlan.Route(sub, Optional.empty(), primary));
        }
        return new LabPlan.Director(new LabPlan.Host(d.role(), links, routes), d.role(), d.config().toAbsolutePath(),
                peer, own, primary, d.localServers(), nat, d.priority(), d.advertInterval(),
                d.interfaces().stream().flatMap(i -> i.vips().stream()).distinct().toList());
    }

    private static String freeName(List<LabPlan.Link> links) {
        for (int n = 1; ; n++) {
            String name = "eth" + n;
            if (links.stream().noneMatch(l -> l.ifname().equals(name))) {
                return name;
            }
        }
    }

    private static IpAddress directorAddress(ClusterSpec.Director d, IpPrefix network, Set<IpAddress> used)
            throws LabException {
        if (d.sourceAddress().isPresent() && subnet(d.sourceAddress().get()).equals(network)) {
            used.add(d.sourceAddress().get());
            return d.sourceAddress().get();
        }
        return take(used, network, 1, +1);
    }

    /** The address the lab's /24 is built around: the first service's VIP when VRRP carries it, else the first VIP. */
    static IpAddress anchorVip(ClusterSpec spec) throws LabException {
        List<IpAddress> vips = spec.master().interfaces().stream().flatMap(i -> i.vips().stream()).toList();
        if (vips.isEmpty()) {
            throw new LabException(spec.master().config() + ": no vrrp_instance has a virtual_ipaddress: there is no"
                    + " VIP to build the lab around");
        }
        for (ClusterSpec.Service s : spec.services()) {
            if (vips.contains(s.vip())) {
                return s.vip();
            }
        }
        return vips.getFirst();
    }

    /** The /24 of an IPv4 address. */
    public static IpPrefix subnet(IpAddress a) {
        return new IpPrefix(a.masked(24), 24);
    }

    /** The first address of {@code network} from host number {@code from} in {@code step}s that is not used yet. */
    private static IpAddress take(Set<IpAddress> used, IpPrefix network, int from, int step) throws LabException {
        IpAddress base = network.address().masked(24);
        for (int host = from; host >= 1 && host <= 254; host += step) {
            IpAddress a = base.plus(host);
            if (used.add(a)) {
                return a;
            }
        }
        throw new LabException("no free address left in " + network + " for the lab's own hosts");
    }

    private static List<LabPlan.Route> dedupe(List<LabPlan.Route> routes) {
        return List.copyOf(new LinkedHashSet<>(routes));
    }

    private static final class ServerDraft {
        final IpAddress address;
        final LabForwarding forwarding;
        final boolean sorry;
        final Set<Integer> ports = new LinkedHashSet<>();
        final Set<IpAddress> vips = new LinkedHashSet<>();

        ServerDraft(IpAddress address, LabForwarding forwarding, boolean sorry) {
            this.address = address;
            this.forwarding = forwarding;
            this.sorry = sorry;
        }
    }
}
