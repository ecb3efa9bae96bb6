package io.fulcrum.cli;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.CheckerOptions;
import io.fulcrum.config.model.CheckerSpec;
import io.fulcrum.config.model.Connection;
import io.fulcrum.config.model.DnsCheck;
import io.fulcrum.config.model.FileCheck;
import io.fulcrum.config.model.Forwarding;
import io.fulcrum.config.model.HttpGet;
import io.fulcrum.config.model.IpAddressSpec;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.MiscCheck;
import io.fulcrum.config.model.NotifyScripts;
import io.fulcrum.config.model.PingCheck;
import io.fulcrum.config.model.RealServer;
import io.fulcrum.config.model.ScriptSpec;
import io.fulcrum.config.model.SmtpCheck;
import io.fulcrum.config.model.SslGet;
import io.fulcrum.config.model.TcpCheck;
import io.fulcrum.config.model.UdpCheck;
import io.fulcrum.config.model.VirtualServer;
import io.fulcrum.config.model.VirtualServerAddress;
import io.fulcrum.config.model.VrrpInstance;
import io.fulcrum.config.model.VrrpScript;
import io.fulcrum.config.model.VrrpSyncGroup;
import io.fulcrum.lab.ClusterSpec;
import io.fulcrum.lab.LabEndpoint;
import io.fulcrum.lab.LabForwarding;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads what the lab needs out of two directors' configuration models: their VRRP interfaces and VIPs, the virtual
 * services with their real and sorry servers, the scripts they run, how long their health checks take, and every
 * address they name (which the lab then never invents).
 */
final class LabSpecReader {

    /** A configuration the lab cannot use; the message says why. */
    static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        Unusable(String message) {
            super(message);
        }
    }

    private LabSpecReader() {
    }

    static ClusterSpec read(Path masterPath, KeepalivedConfig master, Path backupPath, KeepalivedConfig backup)
            throws Unusable {
        ClusterSpec.Director m = director("master", masterPath, master);
        ClusterSpec.Director b = director("backup", backupPath, backup);
        List<ClusterSpec.Service> services = new ArrayList<>(services(master));
        for (ClusterSpec.Service s : services(backup)) {
            boolean known = services.stream()
                    .anyMatch(x -> x.endpoint().equals(s.endpoint()) && x.protocol().equals(s.protocol()));
            if (!known) {
                services.add(s);
            }
        }
        Set<IpAddress> configured = new LinkedHashSet<>();
        configured.addAll(addresses(master));
        configured.addAll(addresses(backup));
        return new ClusterSpec(m, b, services, configured);
    }

    static ClusterSpec.Director director(String role, Path path, KeepalivedConfig c) throws Unusable {
        if (c.vrrpInstances().isEmpty()) {
            throw new Unusable(path + ": no vrrp_instance: the lab needs two directors that run VRRP");
        }
        Map<String, List<IpAddress>> interfaces = new LinkedHashMap<>();
        Duration advert = Duration.ZERO;
        for (VrrpInstance i : c.vrrpInstances()) {
            i.interfaceName().ifPresent(n -> interfaces.computeIfAbsent(n, k -> new ArrayList<>()));
            for (IpAddressSpec v : Stream.concat(i.virtualIpAddresses().stream(), i.excludedIpAddresses().stream())
                    .toList()) {
                Optional<String> dev = v.dev().or(i::interfaceName);
                dev.ifPresent(d -> interfaces.computeIfAbsent(d, k -> new ArrayList<>()).add(v.address().address()));
            }
            if (i.advertInterval().compareTo(advert) > 0) {
                advert = i.advertInterval();
            }
        }
        if (interfaces.isEmpty()) {
            throw new Unusable(path + ": no vrrp_instance names an interface (the lab names the director's"
                    + " interfaces after them)");
        }
        List<ClusterSpec.Interface> list = new ArrayList<>();
        interfaces.forEach((n, v) -> list.add(new ClusterSpec.Interface(n, v.stream().distinct().toList())));
        List<LabEndpoint> local = new ArrayList<>();
        for (VirtualServer vs : c.virtualServers()) {
            vs.sorryServer().filter(s -> s.address().isLoopback()).ifPresent(s -> {
                LabEndpoint e = new LabEndpoint(s.address(), s.port() == 0 ? port(vs) : s.port());
                if (!local.contains(e) && e.port() != 0) {
                    local.add(e);
                }
            });
        }
        return new ClusterSpec.Director(role, path, list, c.vrrpInstances().getFirst().sourceIp(),
                c.vrrpInstances().getFirst().priority(), advert, local, scripts(c));
    }

    private static int port(VirtualServer vs) {
        return vs.address() instanceof VirtualServerAddress.IpPort ip ? ip.port() : 0;
    }

    /** The programs of every script the configuration runs. */
    static List<String> scripts(KeepalivedConfig c) {
        List<ScriptSpec> all = new ArrayList<>();
        for (VrrpInstance i : c.vrrpInstances()) {
            notify(i.notifyScripts(), all);
        }
        for (VrrpSyncGroup g : c.syncGroups()) {
            notify(g.notifyScripts(), all);
        }
        for (VrrpScript s : c.vrrpScripts()) {
            all.add(s.script());
        }
        for (VirtualServer vs : c.virtualServers()) {
            vs.quorum().up().ifPresent(all::add);
            vs.quorum().down().ifPresent(all::add);
            for (RealServer rs : vs.realServers()) {
                rs.notifyUp().ifPresent(all::add);
                rs.notifyDown().ifPresent(all::add);
                for (CheckerSpec ch : rs.checkers()) {
                    if (ch instanceof MiscCheck m) {
                        all.add(m.script());
                    }
                }
            }
        }
        return all.stream().map(ScriptSpec::program).distinct().toList();
    }

    private static void notify(NotifyScripts n, List<ScriptSpec> out) {
        Stream.of(n.master(), n.backup(), n.fault(), n.stop(), n.deleted(), n.any(), n.masterRxLowerPri())
                .flatMap(Optional::stream).forEach(out::add);
    }

    static List<ClusterSpec.Service> services(KeepalivedConfig c) {
        List<ClusterSpec.Service> out = new ArrayList<>();
        for (VirtualServer vs : c.virtualServers()) {
            if (!(vs.address() instanceof VirtualServerAddress.IpPort ip) || vs.protocol().isEmpty()) {
                continue;
            }
            List<ClusterSpec.RealServer> rss = vs.realServers().stream().map(rs -> new ClusterSpec.RealServer(
                    rs.address(), rs.port() == 0 ? ip.port() : rs.port(), rs.weight(), forwarding(rs.forwarding())))
                    .toList();
            Optional<LabEndpoint> sorry = vs.sorryServer().map(s -> new LabEndpoint(s.address(),
                    s.port() == 0 ? ip.port() : s.port()));
            out.add(new ClusterSpec.Service(ip.address(), ip.port(), vs.protocol().get().lowerName(),
                    vs.scheduler().keyword(), vs.persistence().map(p -> p.timeout()).orElse(0),
                    forwarding(vs.forwarding()), rss, sorry, failureWindow(vs), recoveryWindow(vs)));
        }
        return out;
    }

    static LabForwarding forwarding(Forwarding f) {
        return switch (f) {
            case Forwarding.DirectRouting d -> LabForwarding.DR;
            case Forwarding.Nat n -> LabForwarding.NAT;
            case Forwarding.Tunnel t -> LabForwarding.TUN;
            case Forwarding.FullNat x -> LabForwarding.FNAT;
        };
    }

    /**
     * The longest time the health checks may take to remove a real server that stopped answering: the wait for
     * the next check (delay_loop), then the check and each retry, each up to connect_timeout, with
     * delay_before_retry between them. Zero when no real server has a checker.
     */
    static Duration failureWindow(VirtualServer vs) {
        Duration max = Duration.ZERO;
        for (RealServer rs : vs.realServers()) {
            for (CheckerSpec ch : rs.checkers()) {
                Optional<CheckerOptions> o = options(ch);
                if (o.isEmpty()) {
                    continue;
                }
                Duration timeout = timeout(o.get());
                Duration w = o.get().delayLoop().plus(timeout)
                        .plus(o.get().delayBeforeRetry().plus(timeout).multipliedBy(o.get().retry()));
                if (w.compareTo(max) > 0) {
                    max = w;
                }
            }
        }
        return max;
    }

    /** The longest time they may take to put a repaired one back: the next check, up to connect_timeout. */
    static Duration recoveryWindow(VirtualServer vs) {
        Duration max = Duration.ZERO;
        for (RealServer rs : vs.realServers()) {
            for (CheckerSpec ch : rs.checkers()) {
                Optional<CheckerOptions> o = options(ch);
                if (o.isPresent()) {
                    Duration w = o.get().delayLoop().plus(timeout(o.get()));
                    if (w.compareTo(max) > 0) {
                        max = w;
                    }
                }
            }
        }
        return max;
    }

    private static Duration timeout(CheckerOptions o) {
        return o.connection().map(Connection::connectTimeout).orElse(Duration.ofSeconds(5));
    }

    private static Optional<CheckerOptions> options(CheckerSpec ch) {
        return switch (ch) {
            case TcpCheck t -> Optional.of(t.options());
            case HttpGet h -> Optional.of(h.options());
            case SslGet s -> Optional.of(s.options());
            case SmtpCheck s -> Optional.of(s.options());
            case DnsCheck d -> Optional.of(d.options());
            case UdpCheck u -> Optional.of(u.options());
            case PingCheck p -> Optional.of(p.options());
            case MiscCheck m -> Optional.of(m.options());
            case FileCheck f -> Optional.empty();
        };
    }

    /** Every address a configuration names. */
    static Set<IpAddress> addresses(KeepalivedConfig c) {
        Set<IpAddress> out = new LinkedHashSet<>();
        for (VrrpInstance i : c.vrrpInstances()) {
            Stream.concat(i.virtualIpAddresses().stream(), i.excludedIpAddresses().stream())
                    .forEach(v -> out.add(v.address().address()));
            i.sourceIp().ifPresent(out::add);
            i.unicast().peers().forEach(p -> out.add(p.address()));
        }
        for (VirtualServer vs : c.virtualServers()) {
            if (vs.address() instanceof VirtualServerAddress.IpPort ip) {
                out.add(ip.address());
            }
            vs.sorryServer().ifPresent(s -> out.add(s.address()));
            for (RealServer rs : vs.realServers()) {
                out.add(rs.address());
                for (CheckerSpec ch : rs.checkers()) {
                    options(ch).flatMap(CheckerOptions::connection).ifPresent(conn -> {
                        out.add(conn.connectIp());
                        conn.bindTo().ifPresent(out::add);
                    });
                }
            }
        }
        return out;
    }
}
