package io.fulcrum.daemon;

import io.fulcrum.check.CheckTarget;
import io.fulcrum.check.CheckerId;
import io.fulcrum.check.HealthState;
import io.fulcrum.config.model.CheckerSpec;
import io.fulcrum.config.model.DnsCheck;
import io.fulcrum.config.model.FileCheck;
import io.fulcrum.config.model.Forwarding;
import io.fulcrum.config.model.HttpGet;
import io.fulcrum.config.model.MiscCheck;
import io.fulcrum.config.model.PingCheck;
import io.fulcrum.config.model.RealServer;
import io.fulcrum.config.model.SmtpCheck;
import io.fulcrum.config.model.SslGet;
import io.fulcrum.config.model.TcpCheck;
import io.fulcrum.config.model.UdpCheck;
import io.fulcrum.config.model.VirtualServer;
import io.fulcrum.config.model.VirtualServerAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The "LVS Topology" part of keepalived 2.2.7's data dump, as its checker process writes it (from keepalived's
 * source: no IPVS on the machine the samples were captured on, so keepalived would not run a virtual_server):
 * each virtual server with its settings and its real servers with their health now, then the checkers. Lines
 * about things Fulcrum has not (SNMP names, BFD, reload flags) are left out.
 */
final class LvsDataDump {

    private LvsDataDump() {
    }

    /** Writes nothing when there is no virtual server; {@code health} is read on the control loop's thread. */
    static void write(StringBuilder out, List<VirtualServer> servers, Optional<HealthState> health) {
        if (servers.isEmpty()) {
            return;
        }
        line(out, "------< LVS Topology >------");
        line(out, " System is compiled with LVS v1.2.1");
        for (int v = 0; v < servers.size(); v++) {
            virtualServer(out, servers.get(v), v, health);
        }
        health.ifPresent(h -> checkers(out, h));
    }

    private static void virtualServer(StringBuilder out, VirtualServer vs, int index, Optional<HealthState> health) {
        line(out, " ------< Virtual server >------");
        switch (vs.address()) {
            case VirtualServerAddress.IpPort ip -> line(out, " VS VIP = " + ip.address() + ", VPORT = " + ip.port());
            case VirtualServerAddress.Fwmark f -> line(out, " VS FWMARK = " + f.mark());
            case VirtualServerAddress.Group g -> line(out, " VS GROUP = " + g.name());
        }
        vs.virtualhost().ifPresent(h -> line(out, "   VirtualHost = " + h));
        vs.family().ifPresent(f -> line(out, "   Address family = " + f.toString().toLowerCase(Locale.ROOT)));
        line(out, "   connection timeout = " + seconds(vs.checks().connectTimeout()));
        line(out, "   delay_loop = " + seconds(vs.checks().delayLoop()));
        line(out, "   lvs_sched = " + vs.scheduler().keyword());
        line(out, "   Hashed = " + (vs.hashed() ? "enabled" : "disabled"));
        line(out, "   One packet scheduling = " + (vs.ops() ? "enabled" : "disabled"));
        vs.persistence().ifPresent(p -> line(out, "   persistence timeout = " + p.timeout()));
        line(out, "   protocol = " + vs.protocol().map(p -> p.name()).orElse("none"));
        line(out, "   alpha is " + onOff(vs.checks().alpha()));
        line(out, "   omega is " + onOff(vs.omega()));
        vs.checks().retry().ifPresent(r -> line(out, "   Retry count = " + r));
        vs.checks().delayBeforeRetry().ifPresent(d -> line(out, "   Retry delay = " + seconds(d)));
        vs.checks().warmup().ifPresent(d -> line(out, "   Warmup = " + seconds(d)));
        line(out, "   Inhibit on failure is " + onOff(vs.checks().inhibitOnFailure()));
        line(out, "   quorum = " + vs.quorum().quorum() + ", hysteresis = " + vs.quorum().hysteresis());
        if (vs.haSuspend()) {
            line(out, "   Using HA suspend");
        }
        line(out, "   Using smtp notification = " + (vs.smtpAlert().orElse(false) ? "yes" : "no"));
        line(out, "   default forwarding method = " + forwarding(vs.forwarding()));
        vs.sorryServer().ifPresent(s -> {
            line(out, "   sorry server = " + s.address() + ":" + s.port());
            line(out, "   sorry server forwarding method = " + forwarding(s.forwarding()));
        });
        health.ifPresent(h -> line(out, "   quorum_state_up = " + (h.quorumUp(index) ? 1 : 0)));
        for (int r = 0; r < vs.realServers().size(); r++) {
            realServer(out, vs.realServers().get(r), index, r, health);
        }
    }

    private static void realServer(StringBuilder out, RealServer rs, int vs, int index,
            Optional<HealthState> health) {
        line(out, "   ------< Real server >------");
        line(out, "   RIP = " + rs.address() + ", RPORT = " + rs.port() + ", WEIGHT = "
                + health.map(h -> h.realServerWeight(vs, index)).orElse(rs.weight()));
        line(out, "   forwarding method = " + forwarding(rs.forwarding()));
        line(out, "   Alpha is " + onOff(rs.checks().alpha()));
        line(out, "   connection timeout = " + seconds(rs.checks().connectTimeout()));
        line(out, "   connection limit range = " + rs.lthreshold() + " -> " + rs.uthreshold());
        line(out, "   Delay loop = " + seconds(rs.checks().delayLoop()));
        rs.checks().retry().ifPresent(r -> line(out, "   Retry count = " + r));
        rs.checks().delayBeforeRetry().ifPresent(d -> line(out, "   Retry delay = " + seconds(d)));
        rs.checks().warmup().ifPresent(d -> line(out, "   Warmup = " + seconds(d)));
        line(out, "   Inhibit on failure is " + onOff(rs.checks().inhibitOnFailure()));
        rs.virtualhost().ifPresent(h -> line(out, "    VirtualHost = " + h));
        line(out, "   Using smtp notification = " + (rs.smtpAlert().orElse(false) ? "yes" : "no"));
        line(out, "   initial weight = " + rs.weight());
        health.ifPresent(h -> line(out, "   alive = " + (h.realServerUp(vs, index) ? 1 : 0)));
    }

    private static void checkers(StringBuilder out, HealthState health) {
        List<CheckerId> ids = health.checkers();
        if (ids.isEmpty()) {
            return;
        }
        line(out, "------< Health checkers >------");
        for (CheckerId id : ids) {
            CheckTarget t = health.target(id);
            line(out, " " + t.rsName());
            line(out, "   Keepalive method = " + method(health.spec(id)));
            line(out, "   Virtual server = " + t.vsName());
        }
    }

    /** keepalived's name of a checker kind. */
    static String method(CheckerSpec spec) {
        return switch (spec) {
            case TcpCheck c -> "TCP_CHECK";
            case HttpGet c -> "HTTP_GET";
            case SslGet c -> "SSL_GET";
            case SmtpCheck c -> "SMTP_CHECK";
            case DnsCheck c -> "DNS_CHECK";
            case UdpCheck c -> "UDP_CHECK";
            case PingCheck c -> "PING_CHECK";
            case MiscCheck c -> "MISC_CHECK";
            case FileCheck c -> "FILE_CHECK";
        };
    }

    private static String forwarding(Forwarding f) {
        return switch (f) {
            case Forwarding.Nat n -> "NAT";
            case Forwarding.DirectRouting d -> "DR";
            case Forwarding.Tunnel t -> "TUN, type = " + t.type();
            case Forwarding.FullNat n -> "FNAT";
        };
    }

    /** keepalived's {@code %f} of seconds: six decimals. */
    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%f", d.toNanos() / 1e9);
    }

    private static String onOff(boolean b) {
        return b ? "ON" : "OFF";
    }

    private static void line(StringBuilder out, String text) {
        out.append(text).append('\n');
    }
}
