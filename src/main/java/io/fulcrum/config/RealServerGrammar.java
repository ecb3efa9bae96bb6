package io.fulcrum.config;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.Defaults;
import io.fulcrum.config.model.Forwarding;
import io.fulcrum.config.model.IpFamily;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** The {@code real_server} block and the checker blocks in it (reference section 1.9; keepalived check_parser.c). */
final class RealServerGrammar {

    private RealServerGrammar() {
    }

    static final BlockGrammar<RealServerBuilder> GRAMMAR = new BlockGrammar<RealServerBuilder>("real_server")
        .add("weight", "weight 0..2147483647", "Scheduling weight; 0 quiesces the server [the virtual server's, 1].",
            (a, r) -> LvsArgs.intIn(a, 0, Defaults.WEIGHT_LIMIT).ifPresent(w -> r.weight = OptionalInt.of(w)))
        .add("lvs_method", "lvs_method NAT|DR|TUN [type ipip|gue port N|gre] [nocsum|csum|remcsum]|FNAT",
            "Forwarding to this server [the virtual server's]. FNAT is a Fulcrum extension: full NAT through"
                + " Fulcrum's user-space proxy.",
            (a, r) -> LvsArgs.forwarding(a).ifPresent(f -> r.forwarding = Optional.of(f)))
        .add("uthreshold", "uthreshold 0..4294967295", "Connections above which the server is overloaded [0 = none].",
            (a, r) -> LvsArgs.u32(a, 0).ifPresent(v -> r.uthreshold = v))
        .add("lthreshold", "lthreshold 0..4294967295",
            "Connections under which an overloaded server is used again [0 = 3/4 of uthreshold].",
            (a, r) -> LvsArgs.u32(a, 0).ifPresent(v -> r.lthreshold = v))
        .add("inhibit_on_failure", "inhibit_on_failure [BOOL]",
            "On failure set the weight to 0 instead of removing the server [the virtual server's].",
            (a, r) -> a.flag().ifPresent(b -> r.inhibitOnFailure = Optional.of(b)))
        .add("notify_up", "notify_up SCRIPT [USER [GROUP]]", "Run when the server comes up.",
            (a, r) -> {
                if (r.notifyUp.isPresent()) {
                    a.warning("notify_up script already specified - ignoring this one");
                } else {
                    r.notifyUp = a.script(0);
                }
            })
        .add("notify_down", "notify_down SCRIPT [USER [GROUP]]", "Run when the server goes down.",
            (a, r) -> {
                if (r.notifyDown.isPresent()) {
                    a.warning("notify_down script already specified - ignoring this one");
                } else {
                    r.notifyDown = a.script(0);
                }
            })
        .add("alpha", "alpha [BOOL]", "Start down until the checkers succeed [the virtual server's].",
            (a, r) -> a.flag().ifPresent(b -> r.alpha = Optional.of(b)))
        .add("retry", "retry 1..4294967295", "Default retry of its checkers [the virtual server's].",
            (a, r) -> LvsArgs.u32(a, 1).ifPresent(v -> r.retry = OptionalLong.of(v)))
        .add("delay_before_retry", "delay_before_retry SECONDS", "Default of its checkers [the virtual server's].",
            (a, r) -> LvsArgs.timerFromZero(a).ifPresent(d -> r.delayBeforeRetry = Optional.of(d)))
        .add("warmup", "warmup SECONDS", "Default of its checkers [the virtual server's].",
            (a, r) -> LvsArgs.timerFromZero(a).ifPresent(d -> r.warmup = Optional.of(d)))
        .add("connect_timeout", "connect_timeout SECONDS", "Default of its checkers [the virtual server's, 5 s].",
            (a, r) -> LvsArgs.connectTimeout(a).ifPresent(d -> r.connectTimeout = Optional.of(d)))
        .add("delay_loop", "delay_loop SECONDS", "Default of its checkers [the virtual server's, 60 s].",
            (a, r) -> LvsArgs.delayLoop(a).ifPresent(d -> r.delayLoop = Optional.of(d)))
        .add("smtp_alert", "smtp_alert [BOOL]",
            "Mail on state changes [global smtp_alert_checker, else smtp_alert, else yes].",
            (a, r) -> a.flag().ifPresent(b -> r.smtpAlert = Optional.of(b)))
        .add("virtualhost", "virtualhost NAME", "Host: of its HTTP_GET/SSL_GET checkers [the virtual server's].",
            (a, r) -> LvsArgs.nonEmptyWord(a).ifPresent(v -> r.virtualhost = Optional.of(v)))
        .add("snmp_name", "snmp_name NAME", "Name of the server in SNMP data.",
            (a, r) -> LvsArgs.nonEmptyWord(a).ifPresent(v -> r.snmpName = Optional.of(v)))
        .addBlock("HTTP_GET", "HTTP_GET { url { ... } ... }", "Checks urls over HTTP.", HttpCheckGrammar.HTTP_GET,
            (a, r) -> CheckerGrammar.read(a, r, CheckerBuilder.Kind.HTTP, HttpCheckGrammar.HTTP_GET))
        .addBlock("SSL_GET", "SSL_GET { url { ... } ... }", "Checks urls over HTTPS (context from the SSL block).",
            HttpCheckGrammar.SSL_GET,
            (a, r) -> CheckerGrammar.read(a, r, CheckerBuilder.Kind.SSL, HttpCheckGrammar.SSL_GET))
        .addBlock("TCP_CHECK", "TCP_CHECK { ... }", "Up when a TCP connection completes.", CheckerGrammar.TCP_CHECK,
            (a, r) -> CheckerGrammar.read(a, r, CheckerBuilder.Kind.TCP, CheckerGrammar.TCP_CHECK))
        .addBlock("SMTP_CHECK", "SMTP_CHECK { helo_name NAME ... }", "Up on an SMTP 220 greeting and HELO 250.",
            CheckerGrammar.SMTP_CHECK,
            (a, r) -> CheckerGrammar.read(a, r, CheckerBuilder.Kind.SMTP, CheckerGrammar.SMTP_CHECK))
        .addBlock("DNS_CHECK", "DNS_CHECK { type T; name N ... }", "Up on a valid DNS answer (UDP).",
            CheckerGrammar.DNS_CHECK,
            (a, r) -> CheckerGrammar.read(a, r, CheckerBuilder.Kind.DNS, CheckerGrammar.DNS_CHECK))
        .addBlock("MISC_CHECK", "MISC_CHECK { misc_path \"PROGRAM ARGS\" ... }", "Up when a program exits 0.",
            CheckerGrammar.MISC_CHECK,
            (a, r) -> CheckerGrammar.read(a, r, CheckerBuilder.Kind.MISC, CheckerGrammar.MISC_CHECK))
        .unsupported("BFD_CHECK", "BFD_CHECK { name NAME }",
            "Follows a BFD session; Fulcrum has no BFD, so the checker is left out.")
        .addBlock("UDP_CHECK", "UDP_CHECK { payload HEX; require_reply [HEX] ... }",
            "Up unless an ICMP error (or a missing or wrong reply) comes back.", CheckerGrammar.UDP_CHECK,
            (a, r) -> CheckerGrammar.read(a, r, CheckerBuilder.Kind.UDP, CheckerGrammar.UDP_CHECK))
        .addBlock("PING_CHECK", "PING_CHECK { ... }", "Up when an ICMP echo is answered.", CheckerGrammar.PING_CHECK,
            (a, r) -> CheckerGrammar.read(a, r, CheckerBuilder.Kind.PING, CheckerGrammar.PING_CHECK))
        .addBlock("FILE_CHECK", "FILE_CHECK { track_file NAME; weight N [reverse]; dynamic }",
            "Follows the value of a track_file.", CheckerGrammar.FILE_CHECK,
            (a, r) -> CheckerGrammar.read(a, r, CheckerBuilder.Kind.FILE, CheckerGrammar.FILE_CHECK));

    /**
     * {@code real_server IP [PORT] { ... }} inside a virtual server: read, then keepalived's rs_end_handler rule
     * (an untunnelled real server must have the virtual server's address family; the first one sets it).
     */
    static void read(Args a, VirtualServerBuilder vs) {
        if (!a.arity(1, 2)) {
            return;
        }
        Optional<IpAddress> ip = a.ip(0);
        OptionalInt port = LvsArgs.optionalPort(a, 1);
        if (ip.isEmpty() || port.isEmpty()) {
            return; // reported; the block is skipped, as keepalived skips it
        }
        RealServerBuilder rs = new RealServerBuilder(ip.get(), port.getAsInt(), a);
        a.block(GRAMMAR, rs);
        Forwarding method = rs.forwarding.or(() -> vs.forwarding).orElse(Defaults.LVS_FORWARDING);
        if (!crossFamily(method)) {
            IpFamily f = IpFamily.of(rs.address);
            if (vs.family.isEmpty()) {
                vs.family = Optional.of(f);
            } else if (vs.family.get() != f) {
                a.error("Address family of virtual server and real server " + rs.address
                        + " don't match - skipping real server.");
                return;
            }
        }
        if (rs.checkers.stream().filter(c -> c.kind == CheckerBuilder.Kind.MISC && c.miscDynamic).count() > 1) {
            a.warning("Warning - more than one dynamic misc checker per real server will cause problems");
        }
        vs.realServers.add(rs);
    }

    /** Tunnelled servers (and Fulcrum's proxied FNAT ones) may have another family than the virtual server. */
    static boolean crossFamily(Forwarding f) {
        return f instanceof Forwarding.Tunnel || f instanceof Forwarding.FullNat;
    }
}
