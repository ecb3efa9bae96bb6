package io.fulcrum.config;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.Defaults;
import io.fulcrum.config.model.IpFamily;
import io.fulcrum.config.model.PersistenceGranularity;
import io.fulcrum.config.model.Protocol;
import io.fulcrum.config.model.ProxyProtocolVersion;
import io.fulcrum.config.model.Scheduler;
import io.fulcrum.config.model.VirtualServerAddress;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** The {@code virtual_server} block (reference section 1.8; keepalived check_parser.c). */
final class VirtualServerGrammar {

    private VirtualServerGrammar() {
    }

    private static final Map<String, IpFamily> FAMILIES = Map.of("inet", IpFamily.INET, "inet6", IpFamily.INET6);
    private static final Map<String, Protocol> PROTOCOLS = Map.of("TCP", Protocol.TCP, "UDP", Protocol.UDP,
            "SCTP", Protocol.SCTP);

    static final BlockGrammar<VirtualServerBuilder> GRAMMAR = new BlockGrammar<VirtualServerBuilder>("virtual_server")
        .add("ip_family", "ip_family inet|inet6",
            "Address family of a fwmark service whose real servers are all tunnelled [inet].",
            (a, v) -> oneChoice(a, FAMILIES).ifPresent(f -> family(a, v, f)))
        .add("lvs_sched", "lvs_sched rr|wrr|lc|wlc|lblc|lblcr|dh|sh|sed|nq|fo|ovf|mh|twos", "IPVS scheduler [wlc].",
            (a, v) -> oneChoice(a, Scheduler.byKeyword()).ifPresent(s -> v.scheduler = Optional.of(s)))
        .deprecated("lb_algo", "lvs_sched", "lb_algo is deprecated - please use 'lvs_sched'")
        .add("flag-1", "flag-1", "Scheduler flag 1 (ipvsadm -b flag-1).",
            (a, v) -> {
                if (a.arity(0, 0)) {
                    v.flags = v.flags.withFlag1();
                }
            })
        .add("flag-2", "flag-2", "Scheduler flag 2 (ipvsadm -b flag-2).",
            (a, v) -> {
                if (a.arity(0, 0)) {
                    v.flags = v.flags.withFlag2();
                }
            })
        .add("flag-3", "flag-3", "Scheduler flag 3 (ipvsadm -b flag-3).",
            (a, v) -> {
                if (a.arity(0, 0)) {
                    v.flags = v.flags.withFlag3();
                }
            })
        .add("sh-port", "sh-port", "sh: hash the source port too; must follow 'lvs_sched sh'.",
            (a, v) -> schedulerFlag(a, v, Scheduler.SH, false))
        .add("sh-fallback", "sh-fallback", "sh: use another server when the chosen one is unavailable; must"
            + " follow 'lvs_sched sh'.", (a, v) -> schedulerFlag(a, v, Scheduler.SH, true))
        .add("mh-port", "mh-port", "mh: hash the source port too; must follow 'lvs_sched mh'.",
            (a, v) -> schedulerFlag(a, v, Scheduler.MH, false))
        .add("mh-fallback", "mh-fallback", "mh: use another server when the chosen one is unavailable; must"
            + " follow 'lvs_sched mh'.", (a, v) -> schedulerFlag(a, v, Scheduler.MH, true))
        .add("ops", "ops", "One-packet scheduling: each UDP datagram scheduled on its own (UDP and fwmark only).",
            (a, v) -> v.ops |= a.arity(0, 0))
        .add("hashed", "hashed", "Accepted for compatibility; IPVS hashes every service, so it has no effect.",
            (a, v) -> v.hashed |= a.arity(0, 0))
        .add("lvs_method", "lvs_method NAT|DR|TUN [type ipip|gue port N|gre] [nocsum|csum|remcsum]|FNAT",
            "Default forwarding of the real servers [NAT]. FNAT is a Fulcrum extension: full NAT through Fulcrum's"
                + " user-space proxy (real servers may use another port and address family).",
            (a, v) -> LvsArgs.forwarding(a).ifPresent(f -> v.forwarding = Optional.of(f)))
        .deprecated("lb_kind", "lvs_method", "lb_kind is deprecated - please use 'lvs_method'")
        .add("persistence_engine", "persistence_engine NAME", "Persistence engine (the kernel has sip).",
            (a, v) -> LvsArgs.nonEmptyWord(a).ifPresent(n -> {
                if (n.length() > Defaults.PERSISTENCE_ENGINE_MAX_LENGTH) {
                    a.warning("persistence_name too long, truncating - " + n);
                    n = n.substring(0, Defaults.PERSISTENCE_ENGINE_MAX_LENGTH);
                }
                v.persistenceEngine = Optional.of(n);
                v.persistenceEngineAt = Optional.of(a);
            }))
        .add("persistence_timeout", "persistence_timeout [1..2678400]",
            "Make the service persistent for this many seconds [360 when given without a value].",
            (a, v) -> {
                if (!a.arity(0, 1)) {
                    return;
                }
                OptionalInt t = a.has(0) ? a.intArg(0, 1, Defaults.PERSISTENCE_TIMEOUT_MAX)
                        : OptionalInt.of(Defaults.PERSISTENCE_TIMEOUT);
                if (t.isPresent()) {
                    v.persistenceTimeout = t;
                }
            })
        .add("persistence_granularity", "persistence_granularity NETMASK|PREFIXLEN",
            "Client address mask of persistence: an IPv4 netmask or an IPv6 prefix length; makes the service"
                + " persistent [360 s] if it is not.", VirtualServerGrammar::granularity)
        .add("protocol", "protocol TCP|UDP|SCTP", "Layer-4 protocol (any case); ignored for fwmark services.",
            (a, v) -> {
                if (!a.arity(1, 1)) {
                    return;
                }
                Protocol p = PROTOCOLS.get(a.text(0).toUpperCase(Locale.ROOT));
                if (p == null) {
                    a.choice(0, PROTOCOLS); // reports it, with a suggestion
                } else {
                    v.protocol = Optional.of(p);
                }
            })
        .add("ha_suspend", "ha_suspend", "Suspend checkers while the virtual address is not on this host.",
            (a, v) -> a.flag().ifPresent(b -> v.haSuspend = b))
        .add("smtp_alert", "smtp_alert [BOOL]", "Mail on quorum changes [global smtp_alert_checker/smtp_alert, no].",
            (a, v) -> a.flag().ifPresent(b -> v.smtpAlert = Optional.of(b)))
        .add("virtualhost", "virtualhost NAME", "Default Host: of HTTP_GET/SSL_GET checkers.",
            (a, v) -> LvsArgs.nonEmptyWord(a).ifPresent(h -> v.virtualhost = Optional.of(h)))
        .add("snmp_name", "snmp_name NAME", "Name of the service in SNMP data.",
            (a, v) -> LvsArgs.nonEmptyWord(a).ifPresent(h -> v.snmpName = Optional.of(h)))
        .add("proxy_protocol", "proxy_protocol v1|v2",
            "Fulcrum extension: send a PROXY protocol header (HAProxy's v1 text or v2 binary) first on every"
                + " proxied connection, so real servers see the client's address through full NAT. v1 is TCP only.",
            (a, v) -> oneChoice(a, ProxyProtocolVersion.byKeyword()).ifPresent(p -> v.proxyProtocol = Optional.of(p)))
        .add("alpha", "alpha", "Start every real server down until its checkers succeed.",
            (a, v) -> a.flag().ifPresent(b -> v.alpha = b))
        .add("omega", "omega", "Run quorum_down and notify_down scripts at shutdown.",
            (a, v) -> a.flag().ifPresent(b -> v.omega = b))
        .add("quorum_up", "quorum_up SCRIPT [USER [GROUP]]", "Run when quorum is gained.",
            (a, v) -> {
                if (v.quorumUp.isPresent()) {
                    a.warning("quorum_up script already specified - ignoring this one");
                } else {
                    v.quorumUp = a.script(0);
                }
            })
        .add("quorum_down", "quorum_down SCRIPT [USER [GROUP]]", "Run when quorum is lost.",
            (a, v) -> {
                if (v.quorumDown.isPresent()) {
                    a.warning("quorum_down script already specified - ignoring this one");
                } else {
                    v.quorumDown = a.script(0);
                }
            })
        .add("quorum", "quorum 1..4294967295", "Total weight of live real servers needed [1].",
            (a, v) -> {
                OptionalLong q = LvsArgs.u32(a, 1);
                if (q.isEmpty() && a.count() > 0) {
                    a.error("Quorum " + a.text(0) + " must be in [1, 4294967295]. Setting to 1.");
                }
                v.quorum = q.orElse(Defaults.QUORUM);
            })
        .add("hysteresis", "hysteresis 0..4294967295", "Weight tolerated around the quorum before it changes [0].",
            (a, v) -> LvsArgs.u32(a, 0).ifPresent(h -> v.hysteresis = h))
        .add("weight", "weight 1..2147483647", "Default weight of the real servers [1].",
            (a, v) -> LvsArgs.intIn(a, 1, Defaults.WEIGHT_LIMIT).ifPresent(w -> v.weight = w))
        .add("sorry_server", "sorry_server IP [PORT]", "Server used while the quorum is lost.",
            VirtualServerGrammar::sorryServer)
        .add("sorry_server_inhibit", "sorry_server_inhibit",
            "Set the sorry server to weight 0 instead of removing it; must follow sorry_server.",
            (a, v) -> a.flag().ifPresent(b -> {
                if (v.sorry.isEmpty()) {
                    a.error("Ignoring sorry_server inhibit used before or without sorry_server");
                } else {
                    v.sorry.get().inhibit = b;
                }
            }))
        .add("sorry_server_lvs_method", "sorry_server_lvs_method NAT|DR|TUN [...]|FNAT",
            "Forwarding to the sorry server [the virtual server's]; must follow sorry_server.",
            (a, v) -> {
                if (v.sorry.isEmpty()) {
                    a.error("sorry_server forwarding used without sorry_server");
                } else {
                    LvsArgs.forwarding(a).ifPresent(f -> v.sorry.get().forwarding = Optional.of(f));
                }
            })
        .add("delay_loop", "delay_loop SECONDS", "Time between checks of its checkers [60 s].",
            (a, v) -> LvsArgs.delayLoop(a).ifPresent(d -> v.delayLoop = d))
        .add("connect_timeout", "connect_timeout SECONDS", "Connection timeout of its checkers [5 s].",
            (a, v) -> LvsArgs.connectTimeout(a).ifPresent(d -> v.connectTimeout = d))
        .add("retry", "retry 1..4294967295", "Retries of its checkers [per kind: 1; DNS_CHECK 3; MISC_CHECK 0].",
            (a, v) -> LvsArgs.u32(a, 1).ifPresent(r -> v.retry = OptionalLong.of(r)))
        .add("delay_before_retry", "delay_before_retry SECONDS",
            "Delay between retries of its checkers [1 s; HTTP_GET/SSL_GET 3 s; DNS_CHECK delay_loop].",
            (a, v) -> LvsArgs.timerFromZero(a).ifPresent(d -> v.delayBeforeRetry = Optional.of(d)))
        .add("warmup", "warmup SECONDS",
            "First checks start after a random delay up to this [delay_loop]; 0 disables.",
            (a, v) -> LvsArgs.timerFromZero(a).ifPresent(d -> v.warmup = Optional.of(d)))
        .add("inhibit_on_failure", "inhibit_on_failure",
            "Failed real servers get weight 0 instead of being removed.",
            (a, v) -> a.flag().ifPresent(b -> v.inhibitOnFailure = b))
        .addBlock("real_server", "real_server IP [PORT] { ... }", "A server of the pool.", RealServerGrammar.GRAMMAR,
            RealServerGrammar::read)
        .removed("nat_mask", "", "keepalived removed it (IPVS NAT needs no mask); delete the line");

    /** {@code virtual_server IP [PORT] | fwmark N | group NAME { ... }} at the top level. */
    static void register(BlockGrammar<ConfigBuilder> root) {
        root.addBlock("virtual_server", "virtual_server IP [PORT] | fwmark N | group NAME { ... }",
            "An IPVS virtual service with its real servers and their health checks.", GRAMMAR, (a, cfg) -> {
                Optional<VirtualServerAddress> address = address(a);
                if (address.isEmpty()) {
                    return; // reported; keepalived skips the block
                }
                VirtualServerBuilder v = new VirtualServerBuilder(address.get(), a);
                a.block(GRAMMAR, v);
                VirtualServerFinisher.endOfBlock(v);
                cfg.finishers.add(() -> VirtualServerFinisher.finish(v, cfg).ifPresent(cfg.virtualServers::add));
            });
    }

    private static <T> Optional<T> oneChoice(Args a, Map<String, T> choices) {
        return a.arity(1, 1) ? a.choice(0, choices) : Optional.empty();
    }

    private static Optional<VirtualServerAddress> address(Args a) {
        if (!a.has(0)) {
            a.error("'virtual_server' expects IP [PORT], fwmark N or group NAME");
            return Optional.empty();
        }
        switch (a.text(0)) {
            case "fwmark" -> {
                if (!a.arity(2, 2)) {
                    return Optional.empty();
                }
                OptionalLong m = a.integer(1, 1, LvsArgs.U32_MAX);
                return m.isPresent() ? Optional.of(new VirtualServerAddress.Fwmark(m.getAsLong())) : Optional.empty();
            }
            case "group" -> {
                if (!a.arity(2, 2)) {
                    return Optional.empty();
                }
                return Optional.of(new VirtualServerAddress.Group(a.text(1)));
            }
            default -> {
                if (!a.arity(1, 2)) {
                    return Optional.empty();
                }
                Optional<IpAddress> ip = a.ip(0);
                OptionalInt port = LvsArgs.optionalPort(a, 1);
                if (ip.isEmpty() || port.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new VirtualServerAddress.IpPort(ip.get(), port.getAsInt()));
            }
        }
    }

    private static void family(Args a, VirtualServerBuilder v, IpFamily f) {
        if (v.family.isPresent() && v.family.get() != f) {
            a.error("Virtual server specified family " + f + " conflicts with server family " + v.family.get());
            return;
        }
        v.family = Optional.of(f);
        v.familyExplicit = true;
    }

    /**
     * keepalived's lbflags_handler: sh-* only when the scheduler set so far is sh, mh-* only when it is mh; the
     * fallback flag is flag-1, the port flag flag-2.
     */
    private static void schedulerFlag(Args a, VirtualServerBuilder v, Scheduler wanted, boolean fallback) {
        if (!a.arity(0, 0)) {
            return;
        }
        if (v.scheduler.orElse(null) != wanted) {
            a.warning("'" + a.keyword() + "' only applies to the " + wanted.keyword() + " scheduler and must follow"
                    + " 'lvs_sched " + wanted.keyword() + "' - ignoring");
            return;
        }
        v.flags = fallback ? v.flags.withFlag1() : v.flags.withFlag2();
    }

    /** keepalived's pgr_handler: the family decides how the mask is read; it also makes the service persistent. */
    private static void granularity(Args a, VirtualServerBuilder v) {
        if (!a.arity(1, 1)) {
            return;
        }
        String s = a.text(0);
        IpFamily f = v.family.orElse(s.indexOf('.') >= 0 ? IpFamily.INET : IpFamily.INET6);
        if (f == IpFamily.INET6) {
            if (!s.matches("[0-9]{1,3}") || Integer.parseInt(s) < 1 || Integer.parseInt(s) > 128) {
                a.errorAt(a.token(0), "Invalid IPv6 persistence_granularity specified - " + s
                        + " (expected a prefix length 1..128)");
                return;
            }
            v.granularity = Optional.of(new PersistenceGranularity.V6Prefix(Integer.parseInt(s)));
        } else {
            Optional<IpAddress> mask = IpAddress.tryParse(s).filter(IpAddress::isV4);
            if (mask.isEmpty()) {
                a.errorAt(a.token(0), "Invalid IPv4 persistence_granularity specified - " + s
                        + " (expected a netmask such as 255.255.255.0)");
                return;
            }
            v.granularity = Optional.of(new PersistenceGranularity.V4Mask(mask.get()));
        }
        if (v.family.isEmpty()) {
            v.family = Optional.of(f);
        }
    }

    private static void sorryServer(Args a, VirtualServerBuilder v) {
        if (!a.arity(1, 2)) {
            return;
        }
        Optional<IpAddress> ip = a.ip(0);
        OptionalInt port = LvsArgs.optionalPort(a, 1);
        if (ip.isEmpty() || port.isEmpty()) {
            a.error("Invalid sorry server IP address - skipping");
            return;
        }
        if (v.sorry.isPresent()) {
            a.warning("sorry_server already specified - replacing");
        }
        v.sorry = Optional.of(new VirtualServerBuilder.Sorry(ip.get(), port.getAsInt()));
        v.sorryAt = Optional.of(a);
    }
}
