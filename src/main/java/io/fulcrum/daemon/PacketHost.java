package io.fulcrum.daemon;

import io.fulcrum.common.IpAddress;
import io.fulcrum.control.DataplaneStatus;
import io.fulcrum.dataplane.packet.EngineConfig;
import io.fulcrum.dataplane.packet.PacketCounters;
import io.fulcrum.dataplane.packet.LinkInfo;
import io.fulcrum.dataplane.packet.LocalAddresses;
import io.fulcrum.dataplane.packet.PacketEngine;
import io.fulcrum.dataplane.packet.PacketService;
import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.conn.ConnectionTable;
import io.fulcrum.nativeio.InterfaceAddress;
import io.fulcrum.nativeio.Link;
import io.fulcrum.nativeio.MalformedNetlinkException;
import io.fulcrum.nativeio.NativeException;
import io.fulcrum.nativeio.PacketAvailability;
import io.fulcrum.nativeio.Rtnetlink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The packet engine on this host: when the first DR/NAT/TUN services arrive it picks the interfaces they need
 * (the one whose subnet holds each virtual address and each real server), installs the nftables rules that keep
 * the kernel's IP stack off that traffic ({@link NftInputGuard}), starts the engine's workers, the neighbour
 * resolver and the watch on the host's addresses ({@link HostAddressWatch}: a VIP is served while it is here). Later changes re-apply the services and the rules; an interface a later service would need that the
 * engine was not started on is a problem line (a restart picks it up). Closing undoes everything.
 */
final class PacketHost implements PacketPort {

    private final ConnectionTable connections;
    private final LongSupplier clock;
    private final Consumer<String> log;
    private final NftInputGuard guard;
    private final int workers;
    private volatile PacketEngine engine;
    private volatile NeighbourResolver resolver;
    private volatile HostAddressWatch addressWatch;

    PacketHost(ConnectionTable connections, LongSupplier clock, Consumer<String> log, String nft, int workers) {
        this.connections = connections;
        this.clock = clock;
        this.log = log;
        this.guard = new NftInputGuard(nft);
        this.workers = workers;
    }

    /** The real factory: {@code nft} from PATH, {@code perInterface} workers on each interface (0: one per processor). */
    static PacketPort.Factory real(int perInterface) {
        int workers = perInterface > 0 ? perInterface : Math.max(1, Runtime.getRuntime().availableProcessors());
        return new PacketPort.Factory() {
            @Override
            public PacketPort create(ConnectionTable connections, LongSupplier clock, Consumer<String> log) {
                return new PacketHost(connections, clock, log, "nft", workers);
            }

            @Override
            public Optional<String> unavailable() {
                Optional<String> rings = PacketAvailability.probe();
                if (rings.isPresent()) {
                    return rings;
                }
                return nftMissing() ? Optional.of("the nft program is missing: install nftables") : Optional.empty();
            }
        };
    }

    private static boolean nftMissing() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, "nft"))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<String> apply(List<PacketService> services) {
        List<String> problems = new ArrayList<>();
        if (engine == null && services.isEmpty()) {
            return problems;
        }
        if (engine == null) {
            try {
                start(services);
            } catch (IOException | RuntimeException e) {
                stopQuietly();
                problems.add("Packet engine: cannot start (" + e.getMessage() + "); DR/NAT/TUN services are not"
                        + " forwarded");
                return problems;
            }
        }
        List<PacketService> served = new ArrayList<>();
        for (PacketService s : services) {
            Optional<String> missing = unreachable(s);
            if (missing.isPresent()) {
                problems.add("Packet engine: " + s.key() + ": " + missing.get() + " - not forwarded");
            } else {
                served.add(s);
            }
        }
        try {
            guard.apply(served, engine.links().stream().map(LinkInfo::name).toList());
        } catch (IOException e) {
            problems.add("Packet engine: the nftables rules could not be installed (" + e.getMessage() + "); the"
                    + " kernel would reset the virtual services' connections, so none is forwarded");
            served = List.of();
        }
        engine.apply(served);
        resolver.want(served.stream().flatMap(s -> s.service().view().destinations().stream())
                .filter(d -> d.settings().forwarding() != ForwardingMethod.FULLNAT)
                .map(d -> d.address()).toList());
        return problems;
    }

    private void start(List<PacketService> services)
            throws NativeException, MalformedNetlinkException, IOException {
        List<Link> links;
        List<InterfaceAddress> addresses;
        try (Rtnetlink rt = Rtnetlink.open()) {
            links = rt.links();
            addresses = rt.addresses();
        }
        Map<Integer, LinkInfo> chosen = new LinkedHashMap<>();
        for (PacketService s : services) {
            List<IpAddress> needed = new ArrayList<>();
            needed.add(s.key().address());
            s.service().view().destinations().forEach(d -> needed.add(d.address()));
            for (IpAddress a : needed) {
                linkFor(a, links, addresses).ifPresent(l -> chosen.putIfAbsent(l.ifindex(), l));
            }
        }
        if (chosen.isEmpty()) {
            throw new IOException("no interface has a subnet holding the virtual addresses or real servers");
        }
        guard.removeStale();
        List<LinkInfo> used = List.copyOf(chosen.values());
        engine = PacketEngine.start(new EngineConfig(used, workers), connections, clock, a -> resolver.resolve(a),
                log);
        resolver = new NeighbourResolver(used, addresses, engine::nextHops, log);
        addressWatch = HostAddressWatch.start("packet engine",
                now -> engine.localAddresses(new LocalAddresses(List.copyOf(now))), log);
    }

    /** Why a service cannot be served by the running engine, if it cannot (its VIP on no engine interface). */
    private Optional<String> unreachable(PacketService s) {
        // the VIP may be added later by VRRP: only the real servers' interfaces matter for forwarding
        for (var d : s.service().view().destinations()) {
            if (d.settings().forwarding() != ForwardingMethod.FULLNAT && resolver.linkFor(d.address()).isEmpty()) {
                return Optional.of("real server " + d.address() + " is on no subnet of the engine's interfaces "
                        + engine.links().stream().map(LinkInfo::name).toList() + " (a restart picks up new ones)");
            }
        }
        return Optional.empty();
    }

    static Optional<LinkInfo> linkFor(IpAddress a, List<Link> links, List<InterfaceAddress> addresses) {
        for (InterfaceAddress ia : addresses) {
            if (ia.address().isV6() != a.isV6() || ia.scope() == InterfaceAddress.SCOPE_HOST) {
                continue;
            }
            if (new io.fulcrum.common.IpPrefix(ia.address(), ia.prefixLength()).contains(a)) {
                for (Link l : links) {
                    if (l.index() == ia.index() && isEthernet(l)) {
                        return Optional.of(new LinkInfo(l.index(), l.name(), mac(l.mac()), l.mtu() > 0 ? l.mtu()
                                : 1500, ipv4Of(l.index(), addresses)));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** An interface with a real 6-byte MAC: not loopback (all zeros), not a TUN/IPIP device (none). */
    private static boolean isEthernet(Link l) {
        byte[] mac = l.mac();
        if (mac.length != 6) {
            return false;
        }
        for (byte b : mac) {
            if (b != 0) {
                return true;
            }
        }
        return false;
    }

    private static int ipv4Of(int ifindex, List<InterfaceAddress> addresses) {
        for (InterfaceAddress ia : addresses) {
            if (ia.index() == ifindex && ia.address().isV4()) {
                byte[] b = ia.address().bytes();
                return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
            }
        }
        return 0;
    }

    private static long mac(byte[] b) {
        long v = 0;
        for (byte x : b) {
            v = v << 8 | (x & 0xff);
        }
        return v;
    }

    private void stopQuietly() {
        if (addressWatch != null) {
            addressWatch.close();
            addressWatch = null;
        }
        if (resolver != null) {
            resolver.close();
            resolver = null;
        }
        if (engine != null) {
            engine.close();
            engine = null;
        }
        guard.close();
    }

    @Override
    public DataplaneStatus status() {
        PacketEngine e = engine;
        if (e == null) {
            return DataplaneStatus.NOT_RUNNING;
        }
        PacketCounters c = e.counters();
        Map<String, Long> drops = new LinkedHashMap<>();
        c.dropCounts().forEach((k, v) -> drops.put(k.name(), v));
        Map<String, Long> errors = new LinkedHashMap<>();
        c.errorCounts().forEach((k, v) -> errors.put(k.name(), v));
        return new DataplaneStatus(true, e.links().stream().map(LinkInfo::name).toList(), workers,
                e.services().stream().map(s -> s.key().toString()).toList(), c.receivedCount(), c.forwardedCount(),
                drops, errors);
    }

    @Override
    public void close() {
        stopQuietly();
    }
}
