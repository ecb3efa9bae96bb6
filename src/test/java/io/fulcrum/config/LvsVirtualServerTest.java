package io.fulcrum.config;

import static io.fulcrum.config.LvsFixtures.config;
import static io.fulcrum.config.LvsFixtures.load;
import static io.fulcrum.config.LvsFixtures.problems;
import static io.fulcrum.config.LvsFixtures.rs;
import static io.fulcrum.config.LvsFixtures.vs;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.CheckDefaults;
import io.fulcrum.config.model.Forwarding;
import io.fulcrum.config.model.IpFamily;
import io.fulcrum.config.model.Persistence;
import io.fulcrum.config.model.PersistenceGranularity;
import io.fulcrum.config.model.Protocol;
import io.fulcrum.config.model.ProxyProtocolVersion;
import io.fulcrum.config.model.QuorumSpec;
import io.fulcrum.config.model.RealServer;
import io.fulcrum.config.model.Scheduler;
import io.fulcrum.config.model.SchedulerFlags;
import io.fulcrum.config.model.TunnelChecksum;
import io.fulcrum.config.model.TunnelType;
import io.fulcrum.config.model.VirtualServer;
import io.fulcrum.config.model.VirtualServerAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** virtual_server: keepalived's defaults, its reported defaults and corrections, and keyword errors. */
class LvsVirtualServerTest {

    private static final String RS = "    real_server 10.0.0.2 80 {\n    }\n";

    @Test
    void minimalVirtualServerGetsKeepalivedsDefaultsAndItsMessages() {
        LoadResult r = load("virtual_server 10.0.0.1 80 {\n" + RS + "}\n");
        assertThat(problems(r)).containsExactly(
                "error 1:1 Virtual server [10.0.0.1]:none:80: no protocol set - defaulting to UDP",
                "warning 1:1 Virtual server [10.0.0.1]:udp:80: no scheduler set, setting default 'wlc'",
                "warning 1:1 Virtual server [10.0.0.1]:udp:80: no forwarding method set, setting default NAT");
        CheckDefaults checks = new CheckDefaults(Duration.ofSeconds(60), Duration.ofSeconds(5), OptionalLong.empty(),
                Optional.empty(), Optional.empty(), false, false);
        RealServer real = new RealServer(IpAddress.parse("10.0.0.2"), 80, 1, new Forwarding.Nat(), 0, 0,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), checks,
                List.of());
        assertThat(vs(r)).isEqualTo(new VirtualServer(
                new VirtualServerAddress.IpPort(IpAddress.parse("10.0.0.1"), 80), Optional.of(Protocol.UDP),
                Optional.of(IpFamily.INET), Scheduler.WLC, SchedulerFlags.NONE, false, false, new Forwarding.Nat(),
                Optional.empty(), false, false, new QuorumSpec(1, 0, Optional.empty(), Optional.empty()),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 1, checks,
                List.of(real)));
    }

    @Test
    void zeroPortIsOnlyValidWhenPersistent() {
        LoadResult r = load("virtual_server 10.0.0.1 {\n protocol TCP\n lvs_sched rr\n lvs_method DR\n" + RS + "}\n"
                + "virtual_server 10.0.0.3 0 {\n protocol TCP\n lvs_sched rr\n lvs_method DR\n"
                + " persistence_timeout 30\n" + RS + "}\n");
        assertThat(problems(r)).containsExactly(
                "error 1:1 Virtual server [10.0.0.1]:tcp:0: zero port only valid for persistent services - setting"
                        + " persistence_timeout 360",
                "warning 5:5 WARNING - virtual server [10.0.0.1]:tcp:0 and real server [10.0.0.2]:tcp:80 ports"
                        + " don't match - resetting",
                "warning 13:5 WARNING - virtual server [10.0.0.3]:tcp:0 and real server [10.0.0.2]:tcp:80 ports"
                        + " don't match - resetting");
        assertThat(config(r).virtualServers().get(0).persistence())
                .contains(new Persistence(360, Optional.empty(), Optional.empty()));
        assertThat(config(r).virtualServers().get(1).persistence().orElseThrow().timeout()).isEqualTo(30);
        // a DR real server of a port-0 service takes port 0 (keepalived resets it to the service's port)
        assertThat(config(r).virtualServers().get(0).realServers().getFirst().port()).isZero();
    }

    @Test
    void persistenceTimeoutWithoutValueIs360AndRangeIsChecked() {
        LoadResult r = load(LvsFixtures.tcpVs(" persistence_timeout\n persistence_timeout 0\n"
                + " persistence_timeout 2678401\n" + RS));
        assertThat(problems(r)).containsExactly(
                "error 6:22 'persistence_timeout': 0 is out of range (expected 1..2678400)",
                "error 7:22 'persistence_timeout': 2678401 is out of range (expected 1..2678400)");
        assertThat(vs(r).persistence().orElseThrow().timeout()).isEqualTo(360);
    }

    @Test
    void persistenceGranularityMakesTheServicePersistentAndFollowsTheFamily() {
        LoadResult r = load(LvsFixtures.tcpVs(" persistence_granularity 64\n persistence_granularity 255.255.0.0\n"
                + " persistence_engine sipsipsipsipsipsip\n" + RS));
        assertThat(problems(r)).containsExactly(
                "error 5:26 Invalid IPv4 persistence_granularity specified - 64 (expected a netmask such as"
                        + " 255.255.255.0)",
                "warning 7:2 persistence_name too long, truncating - sipsipsipsipsipsip");
        assertThat(vs(r).persistence()).contains(new Persistence(360,
                Optional.of(new PersistenceGranularity.V4Mask(IpAddress.parse("255.255.0.0"))),
                Optional.of("sipsipsipsipsip")));
        LoadResult v6 = load("virtual_server 2001:db8::1 80 {\n protocol TCP\n lvs_sched rr\n lvs_method NAT\n"
                + " persistence_granularity 64\n real_server 2001:db8::2 80 {\n }\n}\n");
        assertThat(problems(v6)).isEmpty();
        assertThat(vs(v6).persistence().orElseThrow().granularity())
                .contains(new PersistenceGranularity.V6Prefix(64));
    }

    @Test
    void persistenceEngineNeedsPersistence() {
        LoadResult r = load(LvsFixtures.tcpVs(" persistence_engine sip\n" + RS));
        assertThat(problems(r)).containsExactly(
                "warning 5:2 persistence_engine needs a persistent service (persistence_timeout); ignored");
        assertThat(vs(r).persistence()).isEmpty();
    }

    @Test
    void opsIsUdpOnly() {
        LoadResult tcp = load(LvsFixtures.tcpVs(" ops\n" + RS));
        assertThat(problems(tcp)).containsExactly(
                "warning 1:1 Virtual server [10.0.0.1]:tcp:80: one packet scheduling requires UDP - resetting");
        assertThat(vs(tcp).ops()).isFalse();
        LoadResult udp = load("virtual_server 10.0.0.1 53 {\n protocol UDP\n lvs_sched rr\n lvs_method NAT\n ops\n"
                + RS + "}\n");
        assertThat(problems(udp)).isEmpty();
        assertThat(vs(udp).ops()).isTrue();
        LoadResult fwmark = load("virtual_server fwmark 3 {\n lvs_sched rr\n lvs_method NAT\n ops\n" + RS + "}\n");
        assertThat(problems(fwmark)).isEmpty();
        assertThat(vs(fwmark).ops()).isTrue();
    }

    @Test
    void shAndMhFlagsMustFollowTheirScheduler() {
        LoadResult r = load("""
                virtual_server 10.0.0.1 80 {
                    protocol TCP
                    lvs_method NAT
                    sh-port
                    mh-port
                    flag-3
                    lvs_sched sh
                    sh-port
                    sh-fallback
                    mh-fallback
                    real_server 10.0.0.2 80 {
                    }
                }
                """);
        assertThat(problems(r)).containsExactly(
                "warning 4:5 'sh-port' only applies to the sh scheduler and must follow 'lvs_sched sh' - ignoring",
                "warning 5:5 'mh-port' only applies to the mh scheduler and must follow 'lvs_sched mh' - ignoring",
                "warning 10:5 'mh-fallback' only applies to the mh scheduler and must follow 'lvs_sched mh'"
                        + " - ignoring");
        assertThat(vs(r).scheduler()).isEqualTo(Scheduler.SH);
        assertThat(vs(r).flags()).isEqualTo(new SchedulerFlags(true, true, true));
        assertThat(vs(r).flags().keywords(Scheduler.SH)).containsExactly("sh-fallback", "sh-port", "flag-3");
        LoadResult mh = load(LvsFixtures.tcpVs(" lvs_sched mh\n mh-port\n" + RS));
        assertThat(problems(mh)).isEmpty();
        assertThat(vs(mh).flags()).isEqualTo(new SchedulerFlags(false, true, false));
        assertThat(vs(mh).flags().keywords(Scheduler.MH)).containsExactly("mh-port");
        assertThat(vs(mh).flags().keywords(Scheduler.RR)).containsExactly("flag-2");
    }

    @ParameterizedTest
    @EnumSource(Scheduler.class)
    void everySchedulerIsAccepted(Scheduler s) {
        LoadResult r = load("virtual_server 10.0.0.1 80 {\n protocol TCP\n lvs_method NAT\n lvs_sched " + s.keyword()
                + "\n" + RS + "}\n");
        assertThat(problems(r)).isEmpty();
        assertThat(vs(r).scheduler()).isEqualTo(s);
    }

    @Test
    void deprecatedRemovedAndMisspeltKeywords() {
        LoadResult r = load("""
                virtual_server 10.0.0.1 80 {
                    lb_algo rrr
                    lb_algo wrr
                    lb_kind DR
                    nat_mask 255.255.255.0
                    persistence_time 50
                    protocol tcpp
                    protocol tcp
                    real_server 10.0.0.2 80 {
                    }
                }
                """);
        assertThat(problems(r)).containsExactly(
                "warning 2:5 lb_algo is deprecated - please use 'lvs_sched'",
                "error 2:13 'lb_algo': invalid value 'rrr' (expected one of dh|fo|lblc|lblcr|lc|mh|nq|ovf|rr|sed|sh|"
                        + "twos|wlc|wrr); did you mean 'rr'?",
                "warning 3:5 lb_algo is deprecated - please use 'lvs_sched'",
                "warning 4:5 lb_kind is deprecated - please use 'lvs_method'",
                "error 5:5 unknown keyword 'nat_mask': keepalived removed it (IPVS NAT needs no mask); delete the line",
                "error 6:5 unknown keyword 'persistence_time' in virtual_server; did you mean 'persistence_timeout'?",
                "error 7:14 'protocol': invalid value 'tcpp' (expected one of SCTP|TCP|UDP)");
        assertThat(vs(r).scheduler()).isEqualTo(Scheduler.WRR);
        assertThat(vs(r).forwarding()).isEqualTo(new Forwarding.DirectRouting());
        assertThat(vs(r).protocol()).contains(Protocol.TCP);
        assertThat(vs(r).persistence()).isEmpty();
    }

    @Test
    void fullNatIsAFulcrumExtensionUnderBothNames() {
        LoadResult r = load("""
                virtual_server 10.0.0.1 80 {
                    protocol TCP
                    lvs_sched rr
                    lb_kind FNAT
                    real_server 10.0.0.2 8080 {
                    }
                    real_server 2001:db8::2 {
                        lvs_method FNAT
                    }
                }
                """);
        assertThat(problems(r)).containsExactly("warning 4:5 lb_kind is deprecated - please use 'lvs_method'");
        assertThat(vs(r).forwarding()).isEqualTo(new Forwarding.FullNat());
        // like NAT, the real server keeps its own port (or takes the service's); another family is allowed
        assertThat(vs(r).realServers()).extracting(RealServer::port).containsExactly(8080, 80);
        assertThat(vs(r).realServers().get(1).forwarding()).isEqualTo(new Forwarding.FullNat());
        assertThat(new KeywordRegistry().allKeywords()).filteredOn(k -> k.name().equals("lvs_method"))
                .allMatch(k -> k.help().contains("FNAT is a Fulcrum extension"));
    }

    @Test
    void proxyProtocolIsAFulcrumKeywordWithTwoVersions() {
        LoadResult r = load("""
                virtual_server 10.0.0.1 80 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method FNAT
                    proxy_protocol v2
                    real_server 10.0.0.2 8080 {
                    }
                }
                virtual_server 10.0.0.1 81 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method FNAT
                    proxy_protocol v3
                    real_server 10.0.0.2 8080 {
                    }
                }
                """);
        assertThat(r.config().orElseThrow().virtualServers()).extracting(VirtualServer::proxyProtocol)
                .containsExactly(Optional.of(ProxyProtocolVersion.V2), Optional.empty());
        assertThat(problems(r)).containsExactly(
                "error 13:20 'proxy_protocol': invalid value 'v3' (expected one of v1|v2); did you mean 'v1'?");
    }

    @Test
    void tunnelOptions() {
        LoadResult r = load("""
                virtual_server 10.0.0.1 80 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method TUN type gue
                    lvs_method TUN type ipip csum
                    lvs_method TUN type gre remcsum
                    lvs_method TUN type vxlan
                    lvs_method TUN port 6080
                    lvs_method NAT type gue
                    lvs_method TUN bogus
                    lvs_method TUN type gue port 6080 remcsum
                    real_server 10.0.0.2 80 {
                        lvs_method TUN type gre csum
                    }
                    real_server 10.0.0.3 80 {
                        lvs_method TUN
                    }
                }
                """);
        assertThat(problems(r)).containsExactly(
                "error 4:5 gue tunnels require port, otherwise cannot have port.",
                "error 5:5 ipip tunnels do not support checksum option.",
                "error 6:5 gre tunnels do not support remote checksum option.",
                "error 7:25 'lvs_method': invalid value 'vxlan' (expected one of gre|gue|ipip)",
                "error 8:5 gue tunnels require port, otherwise cannot have port.",
                "error 9:20 'lvs_method': tunnel options only apply to TUN; ignoring this line",
                "error 10:20 Invalid tunnel option 'bogus'");
        assertThat(vs(r).forwarding()).isEqualTo(new Forwarding.Tunnel(TunnelType.GUE, 6080, TunnelChecksum.REMCSUM));
        assertThat(vs(r).realServers()).extracting(RealServer::forwarding).containsExactly(
                new Forwarding.Tunnel(TunnelType.GRE, 0, TunnelChecksum.CSUM), Forwarding.Tunnel.IPIP);
    }

    @Test
    void rangeErrors() {
        LoadResult r = load(LvsFixtures.tcpVs("""
                    weight 0
                    quorum 0
                    hysteresis -1
                    retry 0
                    delay_loop 0
                    warmup -1
                    real_server 10.0.0.2 80 {
                        weight 2147483648
                        retry 0
                        uthreshold 4294967296
                    }
                """));
        assertThat(problems(r)).containsExactly(
                "error 5:12 'weight': 0 is out of range (expected 1..2147483647)",
                "error 6:12 'quorum': 0 is out of range (expected 1..4294967295)",
                "error 6:5 Quorum 0 must be in [1, 4294967295]. Setting to 1.",
                "error 7:16 'hysteresis': -1 is out of range (expected 0..4294967295)",
                "error 8:11 'retry': 0 is out of range (expected 1..4294967295)",
                "error 9:16 'delay_loop': 0 is out of range (expected seconds, 0.000001..4294967295)",
                "error 10:12 'warmup': invalid time '-1' (expected seconds, 0..4294967295)",
                "error 12:16 'weight': 2147483648 is out of range (expected 0..2147483647)",
                "error 13:15 'retry': 0 is out of range (expected 1..4294967295)",
                "error 14:20 'uthreshold': 4294967296 is out of range (expected 0..4294967295)");
        assertThat(vs(r).weight()).isEqualTo(1);
        assertThat(vs(r).quorum().quorum()).isEqualTo(1);
        assertThat(rs(r).weight()).isEqualTo(1);
    }

    @Test
    void quorumAndHysteresisAreLimited() {
        LoadResult r = load(LvsFixtures.tcpVs(" quorum 10\n hysteresis 12\n weight 3\n"
                + " real_server 10.0.0.2 80 {\n }\n real_server 10.0.0.3 80 {\n  weight 4\n }\n"));
        assertThat(problems(r)).containsExactly(
                "warning 1:1 Warning - quorum 10 for [10.0.0.1]:tcp:80 exceeds total weight of real servers 7,"
                        + " reducing quorum to 7",
                "warning 1:1 Virtual server [10.0.0.1]:tcp:80: hysteresis 12 >= quorum 7; setting hysteresis to 6");
        assertThat(vs(r).quorum()).isEqualTo(new QuorumSpec(7, 6, Optional.empty(), Optional.empty()));
        LoadResult zero = load(LvsFixtures.tcpVs(" real_server 10.0.0.2 80 {\n  weight 0\n }\n"));
        assertThat(problems(zero)).containsExactly("warning 1:1 Warning - quorum 1 for [10.0.0.1]:tcp:80 exceeds"
                + " total weight of real servers 0, reducing quorum to 0");
        assertThat(vs(zero).quorum().quorum()).isZero();
    }

    @Test
    void directRoutingRealServersUseTheServicePort() {
        LoadResult r = load("""
                virtual_server 10.0.0.1 80 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    real_server 10.0.0.2 81 {
                    }
                    real_server 10.0.0.3 {
                    }
                    real_server 10.0.0.4 8080 {
                        lvs_method NAT
                    }
                    sorry_server 10.0.0.9 82
                }
                """);
        assertThat(problems(r)).containsExactly(
                "warning 5:5 WARNING - virtual server [10.0.0.1]:tcp:80 and real server [10.0.0.2]:tcp:81 ports don't"
                        + " match - resetting",
                "warning 12:5 WARNING - virtual server [10.0.0.1]:tcp:80 and sorry server ports don't match"
                        + " - resetting");
        assertThat(vs(r).realServers()).extracting(RealServer::port).containsExactly(80, 80, 8080);
        assertThat(vs(r).sorryServer().orElseThrow().port()).isEqualTo(80);
    }

    @Test
    void fwmarkServicesIgnoreProtocolHaSuspendAndDirectRoutedPorts() {
        LoadResult r = load("""
                virtual_server fwmark 5 {
                    protocol TCP
                    ha_suspend
                    lvs_sched rr
                    lvs_method DR
                    real_server 2001:db8::2 80 {
                    }
                }
                """);
        assertThat(problems(r)).containsExactly(
                "warning 1:1 Virtual server FWM 5: cannot use ha_suspend with fwmarks - clearing ha_suspend",
                "warning 1:1 Warning: Virtual server FWM 5: protocol specified for fwmark - protocol will be ignored",
                "warning 6:5 WARNING - fwmark virtual server FWM 5, real server [2001:db8::2]:none:80 has port"
                        + " specified - clearing");
        VirtualServer v = vs(r);
        assertThat(v.protocol()).isEmpty();
        assertThat(v.haSuspend()).isFalse();
        assertThat(v.family()).contains(IpFamily.INET6);
        assertThat(rs(r).port()).isZero();
    }

    @Test
    void duplicateRealServersAndFamilyMismatches() {
        LoadResult r = load(LvsFixtures.tcpVs("""
                    real_server 10.0.0.2 80 {
                    }
                    real_server 10.0.0.2 80 {
                        weight 9
                    }
                    real_server 2001:db8::2 80 {
                    }
                    real_server 2001:db8::3 80 {
                        lvs_method TUN
                    }
                """));
        assertThat(problems(r)).containsExactly(
                "error 10:5 Address family of virtual server and real server 2001:db8::2 don't match - skipping real"
                        + " server.",
                "error 7:5 VS [10.0.0.1]:tcp:80: real server [10.0.0.2]:tcp:80 is duplicated - removing second rs");
        assertThat(vs(r).realServers()).extracting(rs -> rs.address().toString())
                .containsExactly("10.0.0.2", "2001:db8::3");
        assertThat(rs(r).weight()).isEqualTo(1);
    }

    @Test
    void sorryServerRules() {
        LoadResult r = load(LvsFixtures.tcpVs("""
                    sorry_server_inhibit
                    sorry_server_lvs_method DR
                    sorry_server 10.0.0.9 80
                    sorry_server_inhibit
                    sorry_server_lvs_method DR
                    inhibit_on_failure
                    real_server 10.0.0.9 80 {
                        inhibit_on_failure no
                    }
                """));
        assertThat(problems(r)).containsExactly(
                "error 5:5 Ignoring sorry_server inhibit used before or without sorry_server",
                "error 6:5 sorry_server forwarding used without sorry_server",
                "warning 11:5 Virtual server [10.0.0.1]:tcp:80: real server [10.0.0.9]:tcp:80 matches sorry server,"
                        + " but inhibit setting differs, clearing on sorry server");
        assertThat(vs(r).sorryServer().orElseThrow().inhibit()).isFalse();
        assertThat(vs(r).sorryServer().orElseThrow().forwarding()).isEqualTo(new Forwarding.DirectRouting());
    }

    @Test
    void noRealServersIgnoresTheServiceAndAnUnknownGroupToo() {
        LoadResult r = load("virtual_server 10.0.0.1 80 {\n protocol TCP\n}\nvirtual_server group NOPE {\n"
                + " protocol TCP\n" + RS + "}\n");
        assertThat(problems(r)).containsExactly(
                "warning 1:1 Virtual server [10.0.0.1]:tcp:80 has no real servers - ignoring",
                "error 4:1 Virtual server group NOPE specified but not configured - ignoring virtual server [NOPE]:0");
        assertThat(config(r).virtualServers()).isEmpty();
    }

    @Test
    void virtualServerLineErrorsSkipTheBlock() {
        LoadResult r = load("virtual_server 10.0.0.300 80 {\n bogus\n}\nvirtual_server fwmark 0 {\n}\n"
                + "virtual_server 10.0.0.1 99999 {\n}\nvirtual_server {\n}\n");
        assertThat(problems(r)).containsExactly(
                "error 1:16 'virtual_server': invalid IP address '10.0.0.300'",
                "error 4:23 'virtual_server': 0 is out of range (expected 1..4294967295)",
                "error 6:25 'virtual_server': 99999 is out of range (expected 0..65535)",
                "error 8:1 'virtual_server' expects IP [PORT], fwmark N or group NAME");
        assertThat(config(r).virtualServers()).isEmpty();
    }

    @Test
    void ipFamilyConflictsWithTheAddress() {
        LoadResult r = load(LvsFixtures.tcpVs(" ip_family inet6\n ip_family inet\n" + RS));
        assertThat(problems(r)).containsExactly(
                "error 5:2 Virtual server specified family inet6 conflicts with server family inet");
        assertThat(vs(r).family()).contains(IpFamily.INET);
    }

    @Test
    void everyVirtualServerKeyword() {
        LoadResult r = load(LvsFixtures.tcpVs("""
                    hashed
                    ha_suspend
                    alpha
                    omega
                    inhibit_on_failure
                    smtp_alert no
                    virtualhost www.example.com
                    snmp_name front
                    quorum_up "/bin/up now" root
                    quorum_up /bin/other
                    quorum_down /bin/down
                    delay_loop 2.5
                    connect_timeout 1
                    retry 4
                    delay_before_retry 0
                    warmup 9
                    real_server 10.0.0.2 80 {
                    }
                """));
        assertThat(problems(r)).containsExactly("warning 14:5 quorum_up script already specified - ignoring this one");
        VirtualServer v = vs(r);
        assertThat(v.hashed()).isTrue();
        assertThat(v.haSuspend()).isTrue();
        assertThat(v.omega()).isTrue();
        assertThat(v.smtpAlert()).contains(false);
        assertThat(v.virtualhost()).contains("www.example.com");
        assertThat(v.snmpName()).contains("front");
        assertThat(v.quorum().up().orElseThrow().argv()).containsExactly("/bin/up", "now");
        assertThat(v.quorum().up().orElseThrow().user()).contains("root");
        assertThat(v.quorum().down().orElseThrow().program()).isEqualTo("/bin/down");
        assertThat(v.checks()).isEqualTo(new CheckDefaults(Duration.ofMillis(2500), Duration.ofSeconds(1),
                OptionalLong.of(4), Optional.of(Duration.ZERO), Optional.of(Duration.ofSeconds(9)), true, true));
        assertThat(rs(r).checks()).isEqualTo(v.checks());
    }
}
