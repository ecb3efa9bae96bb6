package io.fulcrum.config;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.Connection;
import io.fulcrum.config.model.DnsCheck;
import io.fulcrum.config.model.DnsType;
import io.fulcrum.config.model.HexData;
import io.fulcrum.config.model.MiscCheck;
import io.fulcrum.config.model.ScriptSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The checker blocks of a real server (reference section 1.10; keepalived's check_api.c common keywords and
 * check_tcp/smtp/dns/udp/ping/misc/file.c). HTTP_GET and SSL_GET are in {@link HttpCheckGrammar}.
 */
final class CheckerGrammar {

    private CheckerGrammar() {
    }

    /** A grammar with the common checker keywords; {@code connection} adds connect_ip and friends. */
    static BlockGrammar<CheckerBuilder> base(String name, boolean connection) {
        BlockGrammar<CheckerBuilder> g = new BlockGrammar<>(name);
        if (connection) {
            addConnection(g);
        }
        return g
            .add("retry", "retry 0..4294967295",
                "Retries of a failing check while the checker is up [the real server's, else 1; DNS_CHECK 3;"
                    + " MISC_CHECK 0].",
                (a, c) -> LvsArgs.u32(a, 0).ifPresent(v -> c.retry = OptionalLong.of(v)))
            .add("delay_before_retry", "delay_before_retry SECONDS",
                "Delay between those retries [the real server's, else 1 s; HTTP_GET/SSL_GET 3 s; DNS_CHECK"
                    + " delay_loop].",
                (a, c) -> LvsArgs.timerFromZero(a).ifPresent(d -> c.delayBeforeRetry = Optional.of(d)))
            .add("warmup", "warmup SECONDS",
                "The first check starts after a random delay up to this [the real server's, else delay_loop];"
                    + " 0 disables.",
                (a, c) -> LvsArgs.timerFromZero(a).ifPresent(d -> c.warmup = Optional.of(d)))
            .add("delay_loop", "delay_loop SECONDS", "Time between checks [the real server's, 60 s].",
                (a, c) -> LvsArgs.delayLoop(a).ifPresent(d -> c.delayLoop = Optional.of(d)))
            .add("alpha", "alpha [BOOL]", "Start down until the first successful check [the real server's].",
                (a, c) -> a.flag().ifPresent(b -> c.alpha = Optional.of(b)))
            .add("log_all_failures", "log_all_failures [BOOL]",
                "Log every failed check, not only changes of state [off].",
                (a, c) -> a.flag().ifPresent(b -> c.logAllFailures = b));
    }

    private static void addConnection(BlockGrammar<CheckerBuilder> g) {
        g.add("connect_ip", "connect_ip IP", "Address to connect to [the real server's].",
                (a, c) -> oneIp(a).ifPresent(ip -> c.conn.connectIp = Optional.of(ip)))
            .add("connect_port", "connect_port 1..65535", "Port to connect to [the real server's].",
                (a, c) -> LvsArgs.intIn(a, 1, 65535).ifPresent(p -> c.conn.connectPort = OptionalInt.of(p)))
            .add("bindto", "bindto IP", "Source address of the check's connections.",
                (a, c) -> oneIp(a).ifPresent(ip -> c.conn.bindTo = Optional.of(ip)))
            .add("bind_port", "bind_port 1..65535", "Source port of the check's connections.",
                (a, c) -> LvsArgs.intIn(a, 1, 65535).ifPresent(p -> c.conn.bindPort = OptionalInt.of(p)))
            .add("bind_if", "bind_if IFNAME", "Interface to send from; needed for an IPv6 link-local address.",
                (a, c) -> LvsArgs.nonEmptyWord(a).ifPresent(n -> {
                    if (n.length() > Connection.MAX_IFNAME) {
                        a.error("Interface name " + n + " is too long (at most " + Connection.MAX_IFNAME
                                + " characters) - ignoring");
                    } else {
                        c.conn.bindIf = Optional.of(n);
                    }
                }))
            .add("connect_timeout", "connect_timeout SECONDS",
                "Time allowed to connect and answer [the real server's, 5 s].",
                (a, c) -> LvsArgs.connectTimeout(a).ifPresent(d -> c.conn.connectTimeout = Optional.of(d)))
            .add("fwmark", "fwmark 0..4294967295", "Firewall mark (SO_MARK) put on the check's packets.",
                (a, c) -> LvsArgs.u32(a, 0).ifPresent(m -> c.conn.fwmark = OptionalLong.of(m)));
    }

    private static Optional<IpAddress> oneIp(Args a) {
        return a.arity(1, 1) ? a.ip(0) : Optional.empty();
    }

    /** keepalived accepts nb_get_retry only in HTTP_GET and SSL_GET; elsewhere it is an unknown keyword. */
    private static BlockGrammar<CheckerBuilder> withoutNbGetRetry(BlockGrammar<CheckerBuilder> g) {
        return g.removed("nb_get_retry", "retry",
                "keepalived accepts it only in HTTP_GET and SSL_GET; did you mean 'retry'?");
    }

    static final BlockGrammar<CheckerBuilder> TCP_CHECK = withoutNbGetRetry(base("TCP_CHECK", true));

    static final BlockGrammar<CheckerBuilder> PING_CHECK = withoutNbGetRetry(base("PING_CHECK", true));

    static final BlockGrammar<CheckerBuilder> SMTP_HOST = base("host", true);

    static final BlockGrammar<CheckerBuilder> SMTP_CHECK = withoutNbGetRetry(base("SMTP_CHECK", true))
        .add("helo_name", "helo_name NAME", "Name sent in HELO [smtpchecker.keepalived.org].",
            (a, c) -> LvsArgs.nonEmptyWord(a).ifPresent(n -> c.heloName = Optional.of(n)))
        .addBlock("host", "host { connect_ip ... }",
            "Deprecated: another server to check with the same settings; use another SMTP_CHECK instead.",
            SMTP_HOST, (a, c) -> {
                a.warning("The SMTP_CHECK host block is deprecated. Please define additional checkers.");
                ConnBuilder saved = c.conn;
                c.conn = saved.copy();
                a.block(SMTP_HOST, c);
                c.hosts.add(c.conn);
                c.conn = saved;
            });

    private static final Map<String, DnsType> DNS_TYPES = Arrays.stream(DnsType.values())
            .collect(Collectors.toUnmodifiableMap(Enum::name, Function.identity()));

    static final BlockGrammar<CheckerBuilder> DNS_CHECK = withoutNbGetRetry(base("DNS_CHECK", true))
        .add("type", "type A|NS|CNAME|SOA|MX|TXT|AAAA", "Query type [SOA]; any case.",
            (a, c) -> {
                if (!a.arity(1, 1)) {
                    return;
                }
                DnsType t = DNS_TYPES.get(a.text(0).toUpperCase(Locale.ROOT));
                if (t == null) {
                    a.choice(0, DNS_TYPES); // reports the unknown type with the choices
                } else {
                    c.dnsType = t;
                }
            })
        .add("name", "name DOMAIN", "Name queried [\".\"].",
            (a, c) -> LvsArgs.nonEmptyWord(a).ifPresent(n -> {
                if (c.dnsName.isPresent()) {
                    a.warning("DNS_CHECK name already specified - ignoring '" + n + "'");
                } else if (!DnsCheck.validName(n)) {
                    a.error("DNS_CHECK name '" + n + "' has empty label - ignoring");
                } else {
                    c.dnsName = Optional.of(n);
                }
            }));

    static final BlockGrammar<CheckerBuilder> UDP_CHECK = withoutNbGetRetry(base("UDP_CHECK", true))
        .add("payload", "payload HEX...", "Data sent (hex; white space separates groups) [random].",
            (a, c) -> {
                if (!a.has(0)) {
                    a.error("UDP_CHECK payload requires a payload");
                    return;
                }
                HexData h = HexData.parseOrNull(joined(a, 0), false);
                if (h == null) {
                    a.error("Invalid hex string for UDP_CHECK payload '" + joined(a, 0) + "'");
                } else {
                    c.payload = Optional.of(h);
                }
            })
        .add("require_reply", "require_reply [HEX...]",
            "A reply is required; when given, it must start with these bytes (x = any nibble).",
            (a, c) -> {
                c.requireReply = true;
                if (a.has(0)) {
                    HexData h = HexData.parseOrNull(joined(a, 0), true);
                    if (h == null) {
                        a.error("Invalid hex string for UDP_CHECK reply '" + joined(a, 0) + "'");
                    } else {
                        c.replyData = Optional.of(h);
                    }
                }
            })
        .add("min_reply_length", "min_reply_length 0..65535", "Shortest acceptable reply [0].",
            (a, c) -> LvsArgs.intIn(a, 0, 65535).ifPresent(v -> c.minReplyLength = v))
        .add("max_reply_length", "max_reply_length 0..65535", "Longest acceptable reply [255].",
            (a, c) -> LvsArgs.intIn(a, 0, 65535).ifPresent(v -> c.maxReplyLength = v));

    static final BlockGrammar<CheckerBuilder> MISC_CHECK = withoutNbGetRetry(base("MISC_CHECK", false))
        .add("misc_path", "misc_path \"PROGRAM ARGS\"",
            "The program and its arguments; exit 0 = up, 1 = down (2..255 with misc_dynamic: up, weight"
                + " status-2).",
            (a, c) -> {
                if (!a.has(0)) {
                    a.error("'misc_path' expects a program");
                    return;
                }
                List<String> argv = new ArrayList<>();
                for (Token t : a.rest(0)) {
                    argv.addAll(ScriptSpec.splitCommand(t.text()));
                }
                if (argv.isEmpty()) {
                    a.error("'misc_path': empty program");
                } else {
                    c.miscPath = Optional.of(new ScriptSpec(argv, Optional.empty(), Optional.empty()));
                }
            })
        .add("misc_timeout", "misc_timeout 0..4294",
            "Seconds the program may run [0 = the virtual server's delay_loop].",
            (a, c) -> LvsArgs.intIn(a, 0, MiscCheck.MAX_TIMEOUT).ifPresent(v ->
                c.miscTimeout = v == 0 ? OptionalInt.empty() : OptionalInt.of(v)))
        .add("misc_dynamic", "misc_dynamic", "Exit status 2..255 sets the real server's weight to status - 2.",
            (a, c) -> a.flag().ifPresent(b -> c.miscDynamic = b))
        .add("user", "user USER [[:]GROUP]", "User (and group) to run the program as [script_user].",
            (a, c) -> a.runAs(0).ifPresent(r -> {
                c.user = Optional.of(r.user());
                c.group = r.group();
            }));

    static final BlockGrammar<CheckerBuilder> FILE_CHECK = new BlockGrammar<CheckerBuilder>("FILE_CHECK")
        .add("track_file", "track_file NAME", "The top-level track_file block whose value is followed.",
            (a, c) -> LvsArgs.nonEmptyWord(a).ifPresent(n -> {
                c.trackFile = Optional.of(n);
                c.trackFileAt = Optional.of(a);
            }))
        .add("dynamic", "dynamic",
            "The value times the weight adjusts the real server's weight and the quorum (newer keepalived;"
                + " 2.2.7 does not know it).",
            (a, c) -> a.flag().ifPresent(b -> c.fileDynamic = b))
        .add("weight", "weight -2147483647..2147483647 [reverse|noreverse]",
            "Multiplier of the file's value [the track_file's weight].",
            (a, c) -> {
                if (!a.arity(1, 2)) {
                    return;
                }
                OptionalInt w = a.intArg(0, -Integer.MAX_VALUE, Integer.MAX_VALUE);
                if (w.isEmpty()) {
                    return;
                }
                boolean reverse = false;
                if (a.has(1)) {
                    Optional<Boolean> r = a.choice(1, Map.of("reverse", true, "noreverse", false));
                    if (r.isEmpty()) {
                        return;
                    }
                    reverse = r.get();
                }
                c.fileWeight = w;
                c.fileReverse = reverse;
            });

    private static String joined(Args a, int from) {
        return a.rest(from).stream().map(Token::text).collect(Collectors.joining(" "));
    }

    /**
     * Reads one checker block into a new builder and, when it is usable, adds it to the real server
     * (keepalived's per-kind end handlers).
     */
    static void read(Args a, RealServerBuilder rs, CheckerBuilder.Kind kind, BlockGrammar<CheckerBuilder> grammar) {
        a.arity(0, 0);
        CheckerBuilder c = new CheckerBuilder(kind, a);
        a.block(grammar, c);
        if (kind.connection) {
            c.dropped = !usableConnection(a, rs, c.conn);
            c.hosts.removeIf(h -> !usableConnection(a, rs, h));
        }
        switch (kind) {
            case HTTP, SSL -> {
                if (c.urls.isEmpty()) {
                    a.error("HTTP/SSL_GET checker has no urls specified - ignoring");
                    c.dropped = true;
                }
            }
            case MISC -> {
                if (c.miscPath.isEmpty()) {
                    a.error("No script path has been specified for MISC_CHECKER - skipping");
                    c.dropped = true;
                }
            }
            case FILE -> {
                if (c.trackFile.isEmpty()) {
                    a.error("FILE_CHECK has no track_file specified - ignoring");
                    c.dropped = true;
                }
            }
            case UDP -> {
                if (c.minReplyLength > c.maxReplyLength) {
                    a.warning("UDP_CHECK min_reply length " + c.minReplyLength + " > max_reply_length "
                            + c.maxReplyLength + " - will always fail");
                }
            }
            case TCP, SMTP, DNS, PING -> {
                // nothing more to check
            }
        }
        if (!c.dropped) {
            rs.checkers.add(c);
        }
    }

    /**
     * The address family and link-local rules of keepalived's co_ip/co_srcip handlers and check_conn_opts; false
     * when the connection cannot be used.
     */
    private static boolean usableConnection(Args a, RealServerBuilder rs, ConnBuilder conn) {
        IpAddress dst = conn.connectIp.orElse(rs.address);
        if (conn.bindTo.isPresent() && conn.bindTo.get().isV4() != dst.isV4()) {
            a.error("bindto address " + conn.bindTo.get() + " does not match address family of connect_ip " + dst
                    + " - ignoring bindto");
            conn.bindTo = Optional.empty();
        }
        if (dst.isV6() && dst.isLinkLocal() && conn.bindIf.isEmpty()) {
            a.error("Checker link local address " + dst + " requires a bind_if - ignoring checker");
            return false;
        }
        return true;
    }
}
