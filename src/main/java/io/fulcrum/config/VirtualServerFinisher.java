package io.fulcrum.config;

import io.fulcrum.config.model.CheckDefaults;
import io.fulcrum.config.model.CheckerSpec;
import io.fulcrum.config.model.Defaults;
import io.fulcrum.config.model.Forwarding;
import io.fulcrum.config.model.IpFamily;
import io.fulcrum.config.model.Persistence;
import io.fulcrum.config.model.Protocol;
import io.fulcrum.config.model.QuorumSpec;
import io.fulcrum.config.model.RealServer;
import io.fulcrum.config.model.Scheduler;
import io.fulcrum.config.model.SorryServer;
import io.fulcrum.config.model.VirtualServer;
import io.fulcrum.config.model.VirtualServerAddress;
import io.fulcrum.config.model.VirtualServerGroup;
import io.fulcrum.config.model.VirtualServerGroupEntry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * keepalived's rules for a virtual server once the whole configuration is read (check_parser.c
 * {@code vs_end_handler}, check_data.c {@code validate_check_config}), with its messages: defaults that are
 * reported (protocol, scheduler, forwarding), corrections (ops, zero port, quorum, hysteresis, ports), and the
 * inheritance of checker settings down to each checker.
 */
final class VirtualServerFinisher {

    private VirtualServerFinisher() {
    }

    /**
     * At the end of the block (vs_end_handler): an untunnelled sorry server must match the service's family; a
     * fwmark service with only tunnelled servers takes their family, inet when they are mixed.
     */
    static void endOfBlock(VirtualServerBuilder v) {
        if (v.sorry.isPresent()) {
            VirtualServerBuilder.Sorry s = v.sorry.get();
            Forwarding m = s.forwarding.or(() -> v.forwarding).orElse(Defaults.LVS_FORWARDING);
            if (!RealServerGrammar.crossFamily(m)) {
                IpFamily f = IpFamily.of(s.address);
                if (v.family.isEmpty()) {
                    v.family = Optional.of(f);
                } else if (v.family.get() != f) {
                    v.sorryAt.orElse(v.at).error("Address family of virtual server and sorry server " + s.address
                            + " don't match - skipping sorry server.");
                    v.sorry = Optional.empty();
                }
            }
        }
        if (v.family.isEmpty() && !v.isGroup()) {
            Set<IpFamily> families = new LinkedHashSet<>();
            v.sorry.ifPresent(s -> families.add(IpFamily.of(s.address)));
            v.realServers.forEach(rs -> families.add(IpFamily.of(rs.address)));
            v.family = Optional.of(families.size() == 1 ? families.iterator().next() : IpFamily.INET);
        }
    }

    /** The checked virtual server, or empty when keepalived would ignore it (reported). */
    static Optional<VirtualServer> finish(VirtualServerBuilder v, ConfigBuilder cfg) {
        try {
            return new Run(v, cfg).finish();
        } catch (IllegalArgumentException e) {
            v.at.error("virtual server ignored: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The state of one run over one virtual server. */
    private static final class Run {
        private final VirtualServerBuilder v;
        private final ConfigBuilder cfg;
        private Optional<Protocol> protocol;
        private Optional<Forwarding> forwarding;

        Run(VirtualServerBuilder v, ConfigBuilder cfg) {
            this.v = v;
            this.cfg = cfg;
            this.protocol = v.protocol;
            this.forwarding = v.forwarding;
        }

        private String name() {
            return LvsNames.virtualServer(v.address, protocol);
        }

        private String name(RealServerBuilder rs) {
            return LvsNames.trio(rs.address, protocol, rs.port);
        }

        /** The virtual server's lvs_method, reported when it has to default. */
        private Forwarding defaultForwarding() {
            if (forwarding.isEmpty()) {
                v.at.warning("Virtual server " + name() + ": no forwarding method set, setting default NAT");
                forwarding = Optional.of(Defaults.LVS_FORWARDING);
            }
            return forwarding.get();
        }

        Optional<VirtualServer> finish() {
            Optional<VirtualServerGroup> group = Optional.empty();
            if (v.address instanceof VirtualServerAddress.Group g) {
                group = cfg.virtualServerGroups.stream().filter(x -> x.name().equals(g.name())).findFirst();
                if (group.isEmpty()) {
                    v.at.error("Virtual server group " + g.name() + " specified but not configured - ignoring"
                            + " virtual server " + name());
                    return Optional.empty();
                }
            }
            List<RealServerBuilder> servers = new ArrayList<>();
            for (RealServerBuilder rs : v.realServers) {
                if (servers.stream().anyMatch(o -> o.address.equals(rs.address) && o.port == rs.port)) {
                    rs.at.error("VS " + name() + ": real server " + name(rs) + " is duplicated - removing second rs");
                } else {
                    servers.add(rs);
                }
            }
            if (servers.isEmpty()) {
                v.at.warning("Virtual server " + name() + " has no real servers - ignoring");
                return Optional.empty();
            }
            boolean fwmarks = v.isFwmark() || group.map(gr -> !gr.fwmarks().isEmpty()).orElse(false);
            boolean addresses = v.address instanceof VirtualServerAddress.IpPort
                    || group.map(gr -> !gr.ranges().isEmpty()).orElse(false);
            boolean haSuspend = v.haSuspend;
            if (haSuspend && fwmarks) {
                v.at.warning("Virtual server " + name() + ": cannot use ha_suspend with fwmarks - clearing"
                        + " ha_suspend");
                haSuspend = false;
            }
            OptionalInt timeout = v.persistenceTimeout.isPresent() || v.granularity.isEmpty() ? v.persistenceTimeout
                    : OptionalInt.of(Defaults.PERSISTENCE_TIMEOUT);
            boolean ops = v.ops;
            if (addresses) {
                if (protocol.isEmpty()) {
                    v.at.error("Virtual server " + name() + ": no protocol set - defaulting to UDP");
                    protocol = Optional.of(Defaults.LVS_PROTOCOL);
                }
                if (ops && protocol.get() != Protocol.UDP) {
                    v.at.warning("Virtual server " + name() + ": one packet scheduling requires UDP - resetting");
                    ops = false;
                }
                if (timeout.isEmpty() && v.address instanceof VirtualServerAddress.IpPort ip && ip.port() == 0) {
                    timeout = zeroPort();
                }
            }
            if (timeout.isEmpty() && group.map(gr -> gr.ranges().stream().anyMatch(r -> r.port() == 0))
                    .orElse(false)) {
                timeout = zeroPort();
            }
            if (protocol.isPresent() && fwmarks && !addresses) {
                v.at.warning("Warning: Virtual server " + name() + ": protocol specified for fwmark - protocol will"
                        + " be ignored");
                protocol = Optional.empty();
            }
            Scheduler scheduler = v.scheduler.orElseGet(() -> {
                v.at.warning("Virtual server " + name() + ": no scheduler set, setting default '"
                        + Defaults.LVS_SCHEDULER.keyword() + "'");
                return Defaults.LVS_SCHEDULER;
            });
            List<Forwarding> methods = new ArrayList<>();
            long weightSum = 0;
            for (RealServerBuilder rs : servers) {
                Forwarding m = rs.forwarding.orElseGet(this::defaultForwarding);
                methods.add(m);
                weightSum += rs.weight.orElse(v.weight);
                boolean inhibit = rs.inhibitOnFailure.orElse(v.inhibitOnFailure);
                if (v.sorry.isPresent() && v.sorry.get().address.equals(rs.address) && v.sorry.get().port == rs.port
                        && v.sorry.get().inhibit != inhibit) {
                    rs.at.warning("Virtual server " + name() + ": real server " + name(rs) + " matches sorry server,"
                            + " but inhibit setting differs, " + (inhibit ? "sett" : "clear") + "ing on sorry server");
                    v.sorry.get().inhibit = inhibit;
                }
            }
            Optional<Forwarding> sorryMethod = v.sorry.map(s -> s.forwarding.orElseGet(this::defaultForwarding));
            Forwarding vsMethod = forwarding.orElse(Defaults.LVS_FORWARDING);
            QuorumSpec quorum = quorum(weightSum);
            ports(group, servers, methods, sorryMethod);

            CheckDefaults vsChecks = new CheckDefaults(v.delayLoop, v.connectTimeout, v.retry, v.delayBeforeRetry,
                    v.warmup, v.alpha, v.inhibitOnFailure);
            List<RealServer> real = new ArrayList<>();
            for (int i = 0; i < servers.size(); i++) {
                real.add(realServer(servers.get(i), methods.get(i), vsChecks));
            }
            Optional<Persistence> persistence = Optional.empty();
            if (timeout.isPresent()) {
                persistence = Optional.of(new Persistence(timeout.getAsInt(), v.granularity, v.persistenceEngine));
            } else if (v.persistenceEngine.isPresent()) {
                v.persistenceEngineAt.orElse(v.at).warning("persistence_engine needs a persistent service"
                        + " (persistence_timeout); ignored");
            }
            Optional<SorryServer> sorry = v.sorry.map(s -> new SorryServer(s.address, s.port, sorryMethod.orElseThrow(),
                    s.inhibit));
            return Optional.of(new VirtualServer(v.address, protocol, v.family, scheduler, v.flags, ops, v.hashed,
                    vsMethod, persistence, haSuspend, v.omega, quorum, sorry, v.virtualhost, v.smtpAlert,
                    v.snmpName, v.proxyProtocol, v.weight, vsChecks, real));
        }

        private OptionalInt zeroPort() {
            v.at.error("Virtual server " + name() + ": zero port only valid for persistent services - setting"
                    + " persistence_timeout " + Defaults.PERSISTENCE_TIMEOUT);
            return OptionalInt.of(Defaults.PERSISTENCE_TIMEOUT);
        }

        /**
         * The quorum can never exceed the total weight (keepalived lowers it, to 0 when every weight is 0); the
         * hysteresis must stay below the quorum.
         */
        private QuorumSpec quorum(long weightSum) {
            long quorum = v.quorum;
            if (quorum > weightSum) {
                v.at.warning("Warning - quorum " + quorum + " for " + name() + " exceeds total weight of real servers "
                        + weightSum + ", reducing quorum to " + weightSum);
                quorum = weightSum;
            }
            long hysteresis = v.hysteresis;
            long most = Math.max(quorum - 1, 0);
            if (hysteresis > most) {
                v.at.warning("Virtual server " + name() + ": hysteresis " + hysteresis + " >= quorum " + quorum
                        + "; setting hysteresis to " + most);
                hysteresis = most;
            }
            return new QuorumSpec(quorum, hysteresis, v.quorumUp, v.quorumDown);
        }

        /**
         * Unless NAT-like, a real (or sorry) server uses the service's port: keepalived fills in a missing port,
         * resets a different one (warning), and clears it for fwmark services; for groups it only warns.
         */
        private void ports(Optional<VirtualServerGroup> group, List<RealServerBuilder> servers,
                List<Forwarding> methods, Optional<Forwarding> sorryMethod) {
            Optional<VirtualServerBuilder.Sorry> sorry = v.sorry;
            boolean sorryNatLike = sorryMethod.map(Forwarding::mayChangePort).orElse(true);
            if (group.isPresent()) {
                if (!group.get().fwmarks().isEmpty()) {
                    for (int i = 0; i < servers.size(); i++) {
                        if (!methods.get(i).mayChangePort() && servers.get(i).port != 0) {
                            servers.get(i).at.warning("WARNING - fwmark virtual server " + name() + ", real server "
                                    + name(servers.get(i)) + " has port specified - port will be ignored");
                        }
                    }
                    if (sorry.isPresent() && !sorryNatLike && sorry.get().port != 0) {
                        v.sorryAt.orElse(v.at).warning("WARNING - fwmark virtual server " + name()
                                + ", sorry server has port specified - port will be ignored");
                    }
                }
                for (VirtualServerGroupEntry.AddressRange r : group.get().ranges()) {
                    for (int i = 0; i < servers.size(); i++) {
                        RealServerBuilder rs = servers.get(i);
                        if (!methods.get(i).mayChangePort() && rs.port != 0 && rs.port != r.port()) {
                            rs.at.warning("virtual server " + name() + ":[" + LvsNames.groupEntry(r)
                                    + "] and real server " + name(rs) + " ports don't match");
                        }
                    }
                    if (sorry.isPresent() && !sorryNatLike && sorry.get().port != 0 && sorry.get().port != r.port()) {
                        v.sorryAt.orElse(v.at).warning("WARNING - virtual server " + name()
                                + ", sorry server has port specified - port will be ignored");
                    }
                }
                return;
            }
            int vport = v.port();
            for (int i = 0; i < servers.size(); i++) {
                RealServerBuilder rs = servers.get(i);
                if (methods.get(i).mayChangePort()) {
                    if (!v.isFwmark() && rs.port == 0) {
                        rs.port = vport;
                    }
                } else if (v.isFwmark()) {
                    if (rs.port != 0) {
                        rs.at.warning("WARNING - fwmark virtual server " + name() + ", real server " + name(rs)
                                + " has port specified - clearing");
                        rs.port = 0;
                    }
                } else if (rs.port == 0) {
                    rs.port = vport;
                } else if (rs.port != vport) {
                    rs.at.warning("WARNING - virtual server " + name() + " and real server " + name(rs)
                            + " ports don't match - resetting");
                    rs.port = vport;
                }
            }
            if (sorry.isPresent() && !sorryNatLike) {
                VirtualServerBuilder.Sorry s = sorry.get();
                Args at = v.sorryAt.orElse(v.at);
                if (v.isFwmark()) {
                    if (s.port != 0) {
                        at.warning("WARNING - virtual server " + name() + ", sorry server has port specified"
                                + " - clearing");
                        s.port = 0;
                    }
                } else if (s.port == 0) {
                    s.port = vport;
                } else if (s.port != vport) {
                    at.warning("WARNING - virtual server " + name() + " and sorry server ports don't match"
                            + " - resetting");
                    s.port = vport;
                }
            }
        }

        private RealServer realServer(RealServerBuilder rs, Forwarding method, CheckDefaults vs) {
            CheckDefaults checks = new CheckDefaults(rs.delayLoop.orElse(vs.delayLoop()),
                    rs.connectTimeout.orElse(vs.connectTimeout()), rs.retry.isPresent() ? rs.retry : vs.retry(),
                    rs.delayBeforeRetry.or(vs::delayBeforeRetry), rs.warmup.or(vs::warmup),
                    rs.alpha.orElse(vs.alpha()), rs.inhibitOnFailure.orElse(vs.inhibitOnFailure()));
            CheckerResolver.Server server = new CheckerResolver.Server(rs.address, rs.port, checks);
            List<CheckerSpec> checkers = new ArrayList<>();
            for (CheckerBuilder c : rs.checkers) {
                checkers.addAll(CheckerResolver.resolve(c, server, cfg.trackFiles));
            }
            return new RealServer(rs.address, rs.port, rs.weight.orElse(v.weight), method, rs.uthreshold,
                    rs.lthreshold, rs.notifyUp, rs.notifyDown, rs.smtpAlert, rs.virtualhost, rs.snmpName, checks,
                    checkers);
        }
    }
}
