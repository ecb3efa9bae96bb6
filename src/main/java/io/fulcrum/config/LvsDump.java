package io.fulcrum.config;

import io.fulcrum.config.model.CheckDefaults;
import io.fulcrum.config.model.CheckerSpec;
import io.fulcrum.config.model.Persistence;
import io.fulcrum.config.model.PersistenceGranularity;
import io.fulcrum.config.model.ProxyProtocolVersion;
import io.fulcrum.config.model.QuorumSpec;
import io.fulcrum.config.model.RealServer;
import io.fulcrum.config.model.SorryServer;
import io.fulcrum.config.model.VirtualServer;
import io.fulcrum.config.model.VirtualServerAddress;

/**
 * Writes virtual servers in canonical keepalived syntax, every setting with its effective value, in an order
 * that reads back to the same model (lvs_sched before the flags named after it, ip_family before
 * persistence_granularity, sorry_server before its method).
 */
final class LvsDump {

    private LvsDump() {
    }

    static void virtualServer(VirtualServer vs, DumpWriter w) {
        switch (vs.address()) {
            case VirtualServerAddress.IpPort ip -> w.open("virtual_server", ip.address(), ip.port());
            case VirtualServerAddress.Fwmark f -> w.open("virtual_server", "fwmark", f.mark());
            case VirtualServerAddress.Group g -> w.open("virtual_server", "group", g.name());
        }
        vs.protocol().ifPresent(p -> w.line("protocol", p.name()));
        if (!(vs.address() instanceof VirtualServerAddress.IpPort)) {
            vs.family().ifPresent(f -> w.line("ip_family", f.keyword()));
        }
        w.line("lvs_sched", vs.scheduler().keyword());
        vs.flags().keywords(vs.scheduler()).forEach(w::line);
        w.flag("ops", vs.ops());
        w.flag("hashed", vs.hashed());
        w.line("lvs_method", LvsArgs.forwardingWords(vs.forwarding()).toArray());
        vs.persistence().ifPresent(p -> persistence(p, w));
        w.flag("ha_suspend", vs.haSuspend());
        w.flag("alpha", vs.checks().alpha());
        w.flag("omega", vs.omega());
        quorum(vs.quorum(), w);
        vs.sorryServer().ifPresent(s -> sorry(s, w));
        w.optional("virtualhost", vs.virtualhost());
        w.optional("smtp_alert", vs.smtpAlert());
        w.optional("proxy_protocol", vs.proxyProtocol().map(ProxyProtocolVersion::keyword));
        w.optional("snmp_name", vs.snmpName());
        w.line("weight", vs.weight());
        checks(vs.checks(), w);
        w.flag("inhibit_on_failure", vs.checks().inhibitOnFailure());
        for (RealServer rs : vs.realServers()) {
            realServer(rs, w);
        }
        w.close();
    }

    private static void persistence(Persistence p, DumpWriter w) {
        w.line("persistence_timeout", p.timeout());
        p.granularity().ifPresent(g -> w.line("persistence_granularity", switch (g) {
            case PersistenceGranularity.V4Mask m -> m.mask().toString();
            case PersistenceGranularity.V6Prefix v6 -> Integer.toString(v6.length());
        }));
        w.optional("persistence_engine", p.engine());
    }

    /** A quorum of 0 (every real server at weight 0) is not written: reading the dump lowers it to 0 again. */
    private static void quorum(QuorumSpec q, DumpWriter w) {
        if (q.quorum() > 0) {
            w.line("quorum", q.quorum());
        }
        w.line("hysteresis", q.hysteresis());
        q.up().ifPresent(s -> w.script("quorum_up", s));
        q.down().ifPresent(s -> w.script("quorum_down", s));
    }

    private static void sorry(SorryServer s, DumpWriter w) {
        if (s.port() == 0) {
            w.line("sorry_server", s.address());
        } else {
            w.line("sorry_server", s.address(), s.port());
        }
        w.line("sorry_server_lvs_method", LvsArgs.forwardingWords(s.forwarding()).toArray());
        w.flag("sorry_server_inhibit", s.inhibit());
    }

    /** delay_loop, connect_timeout, and retry/delay_before_retry/warmup when set. */
    private static void checks(CheckDefaults c, DumpWriter w) {
        w.line("delay_loop", c.delayLoop());
        w.line("connect_timeout", c.connectTimeout());
        if (c.retry().isPresent()) {
            w.line("retry", c.retry().getAsLong());
        }
        w.optional("delay_before_retry", c.delayBeforeRetry());
        w.optional("warmup", c.warmup());
    }

    private static void realServer(RealServer rs, DumpWriter w) {
        if (rs.port() == 0) {
            w.open("real_server", rs.address());
        } else {
            w.open("real_server", rs.address(), rs.port());
        }
        w.line("weight", rs.weight());
        w.line("lvs_method", LvsArgs.forwardingWords(rs.forwarding()).toArray());
        w.line("uthreshold", rs.uthreshold());
        w.line("lthreshold", rs.lthreshold());
        w.line("inhibit_on_failure", rs.checks().inhibitOnFailure());
        rs.notifyUp().ifPresent(s -> w.script("notify_up", s));
        rs.notifyDown().ifPresent(s -> w.script("notify_down", s));
        w.optional("smtp_alert", rs.smtpAlert());
        w.optional("virtualhost", rs.virtualhost());
        w.optional("snmp_name", rs.snmpName());
        w.line("alpha", rs.checks().alpha());
        checks(rs.checks(), w);
        for (CheckerSpec c : rs.checkers()) {
            CheckerDump.checker(c, w);
        }
        w.close();
    }
}
