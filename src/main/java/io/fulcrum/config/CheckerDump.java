package io.fulcrum.config;

import io.fulcrum.config.model.CheckerOptions;
import io.fulcrum.config.model.CheckerSpec;
import io.fulcrum.config.model.Connection;
import io.fulcrum.config.model.DnsCheck;
import io.fulcrum.config.model.FileCheck;
import io.fulcrum.config.model.HttpGet;
import io.fulcrum.config.model.HttpSpec;
import io.fulcrum.config.model.MiscCheck;
import io.fulcrum.config.model.PingCheck;
import io.fulcrum.config.model.RegexOption;
import io.fulcrum.config.model.RegexSpec;
import io.fulcrum.config.model.SmtpCheck;
import io.fulcrum.config.model.SslGet;
import io.fulcrum.config.model.StatusRange;
import io.fulcrum.config.model.TcpCheck;
import io.fulcrum.config.model.UdpCheck;
import io.fulcrum.config.model.UrlSpec;

/** Writes checkers in canonical keepalived syntax, every option with its effective value. */
final class CheckerDump {

    private CheckerDump() {
    }

    static void checker(CheckerSpec c, DumpWriter w) {
        w.open(c.keyword());
        switch (c) {
            case TcpCheck t -> options(t.options(), w);
            case PingCheck p -> options(p.options(), w);
            case HttpGet h -> {
                options(h.options(), w);
                http(h.http(), false, w);
            }
            case SslGet s -> {
                options(s.options(), w);
                w.line("enable_sni", s.enableSni());
                w.optional("sni_name", s.sniName());
                w.line("tls_compliant", s.tlsCompliant());
                http(s.http(), true, w);
            }
            case SmtpCheck s -> {
                options(s.options(), w);
                w.line("helo_name", s.heloName());
            }
            case DnsCheck d -> {
                options(d.options(), w);
                w.line("type", d.type().name());
                w.line("name", d.name());
            }
            case UdpCheck u -> {
                options(u.options(), w);
                u.payload().ifPresent(p -> w.line("payload", p.hex()));
                if (u.requireReply()) {
                    if (u.replyData().isPresent()) {
                        w.line("require_reply", u.replyData().get().hex());
                    } else {
                        w.line("require_reply");
                    }
                }
                w.line("min_reply_length", u.minReplyLength());
                w.line("max_reply_length", u.maxReplyLength());
            }
            case MiscCheck m -> {
                options(m.options(), w);
                w.line("misc_path", m.script().commandString());
                m.script().user().ifPresent(u -> {
                    if (m.script().group().isPresent()) {
                        w.line("user", u, m.script().group().get());
                    } else {
                        w.line("user", u);
                    }
                });
                if (m.timeoutSeconds().isPresent()) {
                    w.line("misc_timeout", m.timeoutSeconds().getAsInt());
                }
                w.flag("misc_dynamic", m.dynamic());
            }
            case FileCheck f -> {
                w.line("track_file", f.trackFile());
                if (f.weight().isPresent()) {
                    if (f.reverse()) {
                        w.line("weight", f.weight().getAsInt(), "reverse");
                    } else {
                        w.line("weight", f.weight().getAsInt());
                    }
                }
                w.flag("dynamic", f.dynamic());
            }
        }
        w.close();
    }

    private static void options(CheckerOptions o, DumpWriter w) {
        o.connection().ifPresent(c -> connection(c, w));
        w.line("alpha", o.alpha());
        w.line("retry", o.retry());
        w.line("delay_before_retry", o.delayBeforeRetry());
        w.line("warmup", o.warmup());
        w.line("delay_loop", o.delayLoop());
        w.line("log_all_failures", o.logAllFailures());
    }

    private static void connection(Connection c, DumpWriter w) {
        w.line("connect_ip", c.connectIp());
        if (c.connectPort().isPresent()) {
            w.line("connect_port", c.connectPort().getAsInt());
        }
        w.optional("bindto", c.bindTo());
        if (c.bindPort().isPresent()) {
            w.line("bind_port", c.bindPort().getAsInt());
        }
        w.optional("bind_if", c.bindIf());
        if (c.fwmark().isPresent()) {
            w.line("fwmark", c.fwmark().getAsLong());
        }
        w.line("connect_timeout", c.connectTimeout());
    }

    private static void http(HttpSpec h, boolean ssl, DumpWriter w) {
        w.line("http_protocol", h.protocol().keyword());
        w.line("fast_recovery", h.fastRecovery());
        w.optional("virtualhost", h.virtualhost());
        for (UrlSpec u : h.urls()) {
            w.open("url");
            w.line("path", u.path());
            w.optional("digest", u.digest());
            w.line("status_code", u.statusCodes().stream().map(StatusRange::text).toArray());
            w.optional("virtualhost", u.virtualhost());
            u.regex().ifPresent(r -> regex(r, w));
            if (ssl) {
                w.flag("tls_compliant", u.tlsCompliant());
            }
            w.close();
        }
    }

    private static void regex(RegexSpec r, DumpWriter w) {
        w.line("regex", r.pattern());
        if (!r.options().isEmpty()) {
            w.line("regex_options", r.options().stream().map(RegexOption::keyword).toArray());
        }
        w.flag("regex_no_match", r.noMatch());
        if (r.minOffset().isPresent()) {
            w.line("regex_min_offset", r.minOffset().getAsLong());
        }
        if (r.maxOffset().isPresent()) {
            w.line("regex_max_offset", r.maxOffset().getAsLong());
        }
        if (r.stackStart().isPresent()) {
            w.line("regex_stack", r.stackStart().getAsLong(), r.stackMax().getAsLong());
        }
    }
}
