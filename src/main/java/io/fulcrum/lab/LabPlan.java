package io.fulcrum.lab;

import io.fulcrum.common.IpAddress;
import io.fulcrum.common.IpPrefix;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A lab's topology, decided before anything is created: the hosts (each a network namespace), their links to the
 * lab's Ethernet segments, addresses and routes, and what runs where. Pure data, made by {@link LabPlanner} and kept
 * in the lab's state so that later commands see the same lab.
 *
 * @param name         the lab's name
 * @param prefix       the prefix of its namespaces ({@code PREFIX-client}, {@code PREFIX-br}, ...)
 * @param network      the VIP's /24: where the client and the directors get their addresses
 * @param client       the client host
 * @param clientPool   addresses of the VIP's /24 no host uses: the checks add some to the client for a while, so
 *                     that persistence (per client address) meets clients it has not seen yet
 * @param directors    master first, then backup
 * @param servers      one host per distinct real (or non-local sorry) server address
 * @param services     the virtual services; the first TCP one is what the checks test
 * @param notes        what the person starting the lab should know (missing scripts, unsupported parts)
 */
public record LabPlan(String name, String prefix, IpPrefix network, Host client, List<IpAddress> clientPool,
        List<Director> directors, List<Server> servers, List<ClusterSpec.Service> services, List<String> notes) {

    public LabPlan {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(client, "client");
        clientPool = List.copyOf(clientPool);
        directors = List.copyOf(directors);
        servers = List.copyOf(servers);
        services = List.copyOf(services);
        notes = List.copyOf(notes);
    }

    /** The namespace of the bridges. */
    public String bridgeNamespace() {
        return prefix + "-br";
    }

    /** The namespace of a host. */
    public String namespace(Host host) {
        return prefix + "-" + host.name();
    }

    /** Every host: client, directors, servers. */
    public List<Host> hosts() {
        List<Host> all = new ArrayList<>();
        all.add(client);
        directors.forEach(d -> all.add(d.host()));
        servers.forEach(s -> all.add(s.host()));
        return all;
    }

    /** Every namespace, the bridges' last (deleted last, created first). */
    public List<String> namespaces() {
        List<String> all = new ArrayList<>(hosts().stream().map(this::namespace).toList());
        all.add(bridgeNamespace());
        return all;
    }

    /** Whether some host has a link on the back segment (NAT real servers in a subnet of their own). */
    public boolean hasBackSegment() {
        return hosts().stream().flatMap(h -> h.links().stream()).anyMatch(l -> l.segment() == Segment.BACK);
    }

    /** The service the checks test: the first TCP one. */
    public Optional<ClusterSpec.Service> checkedService() {
        return services.stream().filter(s -> s.protocol().equals("tcp")).findFirst();
    }

    public Director master() {
        return directors.getFirst();
    }

    public Director backup() {
        return directors.get(1);
    }

    /** The director that should win the election: the higher priority (the master on a tie). */
    public Director expectedHolder() {
        return backup().priority() > master().priority() ? backup() : master();
    }

    public Optional<Director> director(String role) {
        return directors.stream().filter(d -> d.role().equals(role)).findFirst();
    }

    public Optional<Server> server(IpAddress address) {
        return servers.stream().filter(s -> s.address().equals(address)).findFirst();
    }

    /** The lab's two Ethernet segments, each a bridge in the bridge namespace. */
    public enum Segment {
        /** Client, directors and (DR, TUN, FNAT) real servers: the VIP's segment. */
        FRONT("br0"),
        /** Directors and NAT real servers in a subnet of their own. */
        BACK("br1");

        private final String bridge;

        Segment(String bridge) {
            this.bridge = bridge;
        }

        public String bridge() {
            return bridge;
        }
    }

    /** A host: a namespace named {@code PREFIX-NAME}, its links and its extra routes. */
    public record Host(String name, List<Link> links, List<Route> routes) {
        public Host {
            Objects.requireNonNull(name, "name");
            links = List.copyOf(links);
            routes = List.copyOf(routes);
        }

        public Optional<Link> link(String ifname) {
            return links.stream().filter(l -> l.ifname().equals(ifname)).findFirst();
        }
    }

    /** A veth whose inside end is {@code ifname}, on a segment, with its addresses (the first is primary). */
    public record Link(String ifname, Segment segment, List<IpPrefix> addresses) {
        public Link {
            Objects.requireNonNull(ifname, "ifname");
            Objects.requireNonNull(segment, "segment");
            addresses = List.copyOf(addresses);
            if (ifname.isEmpty() || ifname.length() > 15 || ifname.contains("/") || ifname.contains(" ")) {
                throw new IllegalArgumentException("'" + ifname + "' cannot be an interface name");
            }
        }
    }

    /** {@code ip route add DESTINATION [via VIA] dev DEV}. */
    public record Route(IpPrefix destination, Optional<IpAddress> via, String dev) {
        public Route {
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(via, "via");
            Objects.requireNonNull(dev, "dev");
        }

        public List<String> ipArgs() {
            List<String> args = new ArrayList<>(List.of("route", "add", destination.prefixLength() == 0 ? "default"
                    : destination.address().masked(destination.prefixLength()) + "/" + destination.prefixLength()));
            via.ifPresent(v -> args.addAll(List.of("via", v.toString())));
            args.addAll(List.of("dev", dev));
            return args;
        }
    }

    /** What runs VRRP on a director. */
    public enum Peer {
        /** {@code fulcrum run} with the configuration as given. */
        FULCRUM,
        /**
         * keepalived 2.2.7 with a VRRP-only copy of the configuration, and {@code fulcrum run --check} beside it
         * for the virtual server table and forwarding (keepalived's own split into a VRRP and a checker process).
         */
        KEEPALIVED
    }

    /**
     * A director.
     *
     * @param host             its namespace and links
     * @param role             master or backup
     * @param config           its configuration, as given
     * @param peer             what runs VRRP there
     * @param address          its own address on its first interface
     * @param primaryInterface its first VRRP interface
     * @param localServers     sorry servers on its loopback, served there
     * @param ipForward        routes for NAT real servers
     * @param priority         its first VRRP instance's priority
     * @param advertInterval   its longest advert_int
     * @param vips             the virtual addresses of its VRRP instances
     */
    public record Director(Host host, String role, Path config, Peer peer, IpAddress address, String primaryInterface,
            List<LabEndpoint> localServers, boolean ipForward, int priority, Duration advertInterval,
            List<IpAddress> vips) {
        public Director {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(primaryInterface, "primaryInterface");
            localServers = List.copyOf(localServers);
            Objects.requireNonNull(advertInterval, "advertInterval");
            vips = List.copyOf(vips);
        }
    }

    /**
     * A real server (or a sorry server on an address of its own): nginx answering {@code page} on its ports.
     *
     * @param host    its namespace and link ({@code eth0})
     * @param index   1, 2, ... in the order the configurations name them
     * @param address its address
     * @param ports   the ports the configurations give it
     * @param vips    the virtual addresses it holds on its loopback (DR and TUN services)
     * @param decap   it decapsulates IP-in-IP (TUN services)
     * @param sorry   it is a sorry_server, not a real_server
     * @param page    what its web server answers
     */
    public record Server(Host host, int index, IpAddress address, List<Integer> ports, List<IpAddress> vips,
            boolean decap, boolean sorry, String page) {
        public Server {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(address, "address");
            ports = List.copyOf(ports);
            vips = List.copyOf(vips);
            Objects.requireNonNull(page, "page");
        }

        public String name() {
            return host.name();
        }
    }
}
