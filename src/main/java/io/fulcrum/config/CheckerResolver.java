package io.fulcrum.config;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.CheckDefaults;
import io.fulcrum.config.model.CheckerOptions;
import io.fulcrum.config.model.CheckerSpec;
import io.fulcrum.config.model.Connection;
import io.fulcrum.config.model.Defaults;
import io.fulcrum.config.model.DnsCheck;
import io.fulcrum.config.model.FileCheck;
import io.fulcrum.config.model.HttpGet;
import io.fulcrum.config.model.HttpSpec;
import io.fulcrum.config.model.MiscCheck;
import io.fulcrum.config.model.PingCheck;
import io.fulcrum.config.model.ScriptSpec;
import io.fulcrum.config.model.SmtpCheck;
import io.fulcrum.config.model.SslGet;
import io.fulcrum.config.model.TcpCheck;
import io.fulcrum.config.model.TrackFile;
import io.fulcrum.config.model.UdpCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Turns a checker block into its model with every value effective, by keepalived's inheritance
 * (validate_check_config): the checker's own value, else its real server's (itself inherited from the virtual
 * server), else the kind's default.
 */
final class CheckerResolver {

    private CheckerResolver() {
    }

    /** The real server a checker belongs to, after the virtual server's rules were applied. */
    record Server(IpAddress address, int port, CheckDefaults checks) {
    }

    static List<CheckerSpec> resolve(CheckerBuilder c, Server rs, List<TrackFile> trackFiles) {
        return switch (c.kind) {
            case TCP -> List.of(new TcpCheck(options(c, Optional.of(c.conn), rs)));
            case PING -> List.of(new PingCheck(options(c, Optional.of(c.conn), rs)));
            case HTTP -> List.of(new HttpGet(options(c, Optional.of(c.conn), rs), http(c)));
            case SSL -> List.of(new SslGet(options(c, Optional.of(c.conn), rs), http(c), c.enableSni, c.sniName,
                    c.tlsCompliant));
            case DNS -> List.of(new DnsCheck(options(c, Optional.of(c.conn), rs), c.dnsType,
                    c.dnsName.orElse(Defaults.DNS_NAME)));
            case UDP -> List.of(new UdpCheck(options(c, Optional.of(c.conn), rs), c.payload, c.requireReply,
                    c.replyData, c.minReplyLength, c.maxReplyLength));
            case SMTP -> smtp(c, rs);
            case MISC -> {
                ScriptSpec path = c.miscPath.orElseThrow();
                yield List.of(new MiscCheck(options(c, Optional.empty(), rs),
                        new ScriptSpec(path.argv(), c.user, c.group), c.miscTimeout, c.miscDynamic));
            }
            case FILE -> {
                String name = c.trackFile.orElseThrow();
                if (!trackFileDefined(trackFiles, name)) {
                    c.trackFileAt.orElse(c.at).warning("track_file " + name + " not found");
                }
                yield List.of(new FileCheck(name, c.fileDynamic, c.fileWeight, c.fileReverse));
            }
        };
    }

    /** One SMTP_CHECK per deprecated host block, plus the checker's own connection when it set any of it. */
    private static List<CheckerSpec> smtp(CheckerBuilder c, Server rs) {
        List<ConnBuilder> conns = new ArrayList<>();
        if (c.hosts.isEmpty() || c.conn.anySet()) {
            conns.add(c.conn);
        }
        conns.addAll(c.hosts);
        List<CheckerSpec> out = new ArrayList<>();
        for (ConnBuilder conn : conns) {
            out.add(new SmtpCheck(options(c, Optional.of(conn), rs), c.heloName.orElse(Defaults.SMTP_HELO_NAME)));
        }
        return out;
    }

    private static HttpSpec http(CheckerBuilder c) {
        return new HttpSpec(c.httpProtocol, c.fastRecovery, c.virtualhost, c.urls);
    }

    static CheckerOptions options(CheckerBuilder c, Optional<ConnBuilder> conn, Server rs) {
        CheckDefaults d = rs.checks();
        Duration delayLoop = c.delayLoop.orElse(d.delayLoop());
        long retry = c.retry.orElse(d.retry().orElse(defaultRetry(c.kind)));
        Duration delayBeforeRetry = c.delayBeforeRetry.orElse(d.delayBeforeRetry()
                .orElse(defaultDelayBeforeRetry(c.kind, delayLoop)));
        Duration warmup = c.warmup.orElse(d.warmup().orElse(delayLoop));
        boolean alpha = c.alpha.orElse(d.alpha());
        Optional<Connection> connection = conn.map(cb -> new Connection(cb.connectIp.orElse(rs.address()),
                cb.connectPort.isPresent() ? cb.connectPort
                        : rs.port() > 0 ? OptionalInt.of(rs.port()) : OptionalInt.empty(),
                cb.bindTo, cb.bindPort, cb.bindIf, cb.fwmark, cb.connectTimeout.orElse(d.connectTimeout())));
        return new CheckerOptions(connection, alpha, retry, delayBeforeRetry, warmup, delayLoop, c.logAllFailures);
    }

    /** keepalived's {@code default_retry}: 1, DNS_CHECK 3, MISC_CHECK 0. */
    static long defaultRetry(CheckerBuilder.Kind kind) {
        return switch (kind) {
            case DNS -> Defaults.DNS_CHECK_RETRY;
            case MISC -> Defaults.MISC_CHECK_RETRY;
            case TCP, HTTP, SSL, SMTP, UDP, PING, FILE -> Defaults.CHECKER_RETRY;
        };
    }

    /** keepalived's {@code default_delay_before_retry}: 1 s, HTTP_GET/SSL_GET 3 s, DNS_CHECK the delay_loop. */
    static Duration defaultDelayBeforeRetry(CheckerBuilder.Kind kind, Duration delayLoop) {
        return switch (kind) {
            case HTTP, SSL -> Defaults.HTTP_DELAY_BEFORE_RETRY;
            case DNS -> delayLoop;
            case TCP, SMTP, UDP, PING, MISC, FILE -> Defaults.CHECKER_DELAY_BEFORE_RETRY;
        };
    }

    /** Whether a top-level track_file of that name exists. */
    static boolean trackFileDefined(List<TrackFile> trackFiles, String name) {
        return trackFiles.stream().anyMatch(f -> f.name().equals(name));
    }
}
