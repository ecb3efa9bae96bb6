package io.fulcrum.config;

import static io.fulcrum.config.VrrpTestSupport.config;
import static io.fulcrum.config.VrrpTestSupport.problems;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.common.IpPrefix;
import io.fulcrum.config.model.BfdEvents;
import io.fulcrum.config.model.BfdInstance;
import io.fulcrum.config.model.GarpGroup;
import io.fulcrum.config.model.InterfaceUpDownDelay;
import io.fulcrum.config.model.IpFamily;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.LinkbeatInterface;
import io.fulcrum.config.model.LinkbeatMode;
import io.fulcrum.config.model.NextHop;
import io.fulcrum.config.model.ParamMatch;
import io.fulcrum.config.model.RouteOption;
import io.fulcrum.config.model.RouteSpec;
import io.fulcrum.config.model.RouteType;
import io.fulcrum.config.model.RuleAction;
import io.fulcrum.config.model.RuleOption;
import io.fulcrum.config.model.RuleSpec;
import io.fulcrum.config.model.Scope;
import io.fulcrum.config.model.TrackFile;
import io.fulcrum.config.model.TrackFileInit;
import io.fulcrum.config.model.TrackGroup;
import io.fulcrum.config.model.VrrpTrackProcess;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class StaticGrammarTest {

    private static final String VI = "vrrp_instance VI_1 {\ninterface eth0\nvirtual_router_id 1\n"
            + "virtual_ipaddress {\n10.0.0.1\n}\n}\n";

    @Test
    void staticAddressesDefaultToDefaultInterface() {
        KeepalivedConfig c = config("""
                static_ipaddress {
                    10.1.1.1/24 brd + scope host
                    10.1.1.2 dev eth3 label eth3:a
                }
                global_defs {
                    default_interface bond0
                }
                """);
        assertThat(c.staticAddresses()).extracting(s -> s.address().dev().orElseThrow())
                .containsExactly("bond0", "eth3");
        assertThat(c.staticAddresses().getFirst().address().broadcast()).contains(IpAddress.parse("10.1.1.255"));
        assertThat(c.staticAddresses().getFirst().address().scope()).contains(new Scope(254));
        assertThat(config("static_ipaddress {\n10.1.1.1\n}\n").staticAddresses().getFirst().address().dev())
                .contains("eth0");
    }

    @Test
    void staticEntriesNamingAnUnknownTrackGroupLoseIt() {
        String text = VI + """
                track_group TG {
                    group {
                        VI_1
                        VI_9
                    }
                }
                static_ipaddress {
                    10.1.1.1/24 track_group TG
                    10.1.1.2/24 track_group NOPE
                    10.1.1.3/24 use_vmac
                }
                static_routes {
                    10.2.0.0/16 via 10.1.1.254 track_group NOPE
                }
                static_rules {
                    from 10.1.1.0/24 table 5 track_group NOPE
                }
                """;
        assertThat(problems(text)).containsExactly(
                "17:17: error: Unknown configuration entry 'use_vmac' for ip address - ignoring",
                "8:1: warning: track_group TG: vrrp_instance VI_9 not found - ignoring",
                "16:5: warning: track_group NOPE not found",
                "20:5: warning: track_group NOPE not found",
                "23:5: warning: track_group NOPE not found");
        KeepalivedConfig c = config(text);
        assertThat(c.trackGroups()).containsExactly(new TrackGroup("TG", List.of("VI_1")));
        assertThat(c.staticAddresses()).extracting(s -> s.address().trackGroup())
                .containsExactly(Optional.of("TG"), Optional.empty(), Optional.empty());
        assertThat(c.staticRoutes().getFirst().route().trackGroup()).isEmpty();
        assertThat(c.staticRules().getFirst().rule().trackGroup()).isEmpty();
    }

    @Test
    void trackGroupChecks() {
        assertThat(problems("""
                track_group {
                }
                track_group T1 {
                    group {
                    }
                }
                track_group T2 {
                    group {
                        VI_X
                    }
                }
                track_group T2 {
                }
                """)).containsExactly(
                "1:1: error: track_group must have a name - skipping",
                "4:5: warning: Warning - track group T1 has empty group block",
                "3:1: warning: Static track group T1 has no members - removing",
                "12:1: error: track_group T2 already defined",
                "7:1: warning: track_group T2: vrrp_instance VI_X not found - ignoring",
                "7:1: warning: Static track group T2 has no members - removing");
    }

    @Test
    void routes() {
        KeepalivedConfig c = config("""
                static_routes {
                    10.2.0.0/16 via 10.1.1.254 dev eth1 table 100 metric 20 scope link protocol bird onlink
                    default via inet6 fe80::1 dev eth1
                    src 10.1.1.1 to 10.3.0.0/16 via 10.1.1.253 or 10.1.1.252
                    prohibit 10.4.0.0/16
                    10.5.0.0/16 nexthop via 10.1.1.2 weight 3 nexthop dev eth2 onlink
                    10.6.0.0/16 dev eth1 tos 0x10 mtu lock 1400 rto_min 5ms quickack 1 congctl lock cubic realms 1/2
                    inet6 default dev eth1 append pref low
                }
                """);
        List<RouteSpec> r = c.staticRoutes().stream().map(s -> s.route()).toList();
        RouteSpec a = r.get(0);
        assertThat(a.destination()).isEqualTo(new IpPrefix(IpAddress.parse("10.2.0.0"), 16));
        assertThat(a.gateway()).contains(IpAddress.parse("10.1.1.254"));
        assertThat(a.dev()).contains("eth1");
        assertThat(a.table()).contains("100");
        assertThat(a.metric()).isEqualTo(OptionalLong.of(20));
        assertThat(a.scope()).contains(new Scope(253));
        assertThat(a.protocol()).contains("bird");
        assertThat(a.onlink()).isTrue();
        assertThat(r.get(1).family()).isEqualTo(IpFamily.INET6);
        assertThat(r.get(1).destination()).isEqualTo(new IpPrefix(IpAddress.parse("::"), 0));
        assertThat(r.get(2).preferredSource()).contains(IpAddress.parse("10.1.1.1"));
        assertThat(r.get(2).alternateGateway()).contains(IpAddress.parse("10.1.1.252"));
        assertThat(r.get(3).type()).isEqualTo(RouteType.PROHIBIT);
        assertThat(r.get(4).nextHops()).containsExactly(
                new NextHop(Optional.of(IpAddress.parse("10.1.1.2")), Optional.empty(), OptionalInt.of(3), false),
                new NextHop(Optional.empty(), Optional.of("eth2"), OptionalInt.empty(), true));
        assertThat(r.get(5).options()).containsEntry(RouteOption.TOS, "16").containsEntry(RouteOption.MTU, "lock 1400")
                .containsEntry(RouteOption.RTO_MIN, "5ms").containsEntry(RouteOption.QUICKACK, "1")
                .containsEntry(RouteOption.CONGCTL, "lock cubic").containsEntry(RouteOption.REALMS, "1/2");
        assertThat(r.get(6).family()).isEqualTo(IpFamily.INET6);
        assertThat(r.get(6).append()).isTrue();
        assertThat(r.get(6).options()).containsEntry(RouteOption.PREF, "low");
        assertThat(problems("static_routes {\n10.3.0.0/16 via 10.1.1.253 or 10.1.1.252\n10.9.0.0/16 dev eth0 pref high\n}\n"))
                .containsExactly("2:28: warning: \"or\" for routes is deprecated. Please use \"nexthop\"",
                        "3:1: error: pref is only valid for IPv6");
    }

    @Test
    void aRouteWithAnErrorIsSkippedWhole() {
        assertThat(problems("""
                static_routes {
                    10.2.0.0/16 via 10.1.1.256
                    10.3.0.0/16 via fe80::1
                    10.4.0.0/16 wibble
                    10.5.0.0/16 mtu big
                    via 10.1.1.1
                    10.6.0.0/16 no_track
                    10.7.0.0/16 10.8.0.0/16
                }
                """)).containsExactly(
                "2:21: error: invalid route via address 10.1.1.256",
                "3:21: error: Route address fe80::1 does not match the route's address family - ignoring route",
                "4:17: error: unknown route keyword wibble",
                "5:21: error: Invalid value 'big' for route mtu - ignoring route",
                "6:5: error: Route via 10.1.1.1 has no destination - ignoring",
                "7:17: error: no_track is only valid for virtual routes - ignoring route",
                "8:17: error: Route has two destinations (10.7.0.0/16, 10.8.0.0/16) - ignoring route");
        assertThat(config("static_routes {\n10.2.0.0/16 via 10.1.1.256\n}\n").staticRoutes()).isEmpty();
    }

    @Test
    void rules() {
        KeepalivedConfig c = config("""
                static_rules {
                    from 10.0.0.0/8 to 192.168.0.0/16 iif eth1 oif eth2 fwmark 0x10/0xff priority 10 lookup 200
                    not to all goto 20 pref 11
                    from all blackhole preference 12
                    inet6 preference 13 type prohibit
                    from ::/0 sport 1024-2048 dport 53 ip_proto udp preference 14
                    preference 15 suppress_prefixlength 0 table main
                }
                """);
        List<RuleSpec> r = c.staticRules().stream().map(s -> s.rule()).toList();
        RuleSpec a = r.get(0);
        assertThat(a.from()).contains(new IpPrefix(IpAddress.parse("10.0.0.0"), 8));
        assertThat(a.to()).contains(new IpPrefix(IpAddress.parse("192.168.0.0"), 16));
        assertThat(a.iif()).contains("eth1");
        assertThat(a.oif()).contains("eth2");
        assertThat(a.fwmark()).hasValue(16);
        assertThat(a.fwmask()).hasValue(255);
        assertThat(a.preference()).hasValue(10);
        assertThat(a.action()).isEqualTo(RuleAction.TABLE);
        assertThat(a.table()).contains("200");
        assertThat(r.get(1).not()).isTrue();
        assertThat(r.get(1).action()).isEqualTo(RuleAction.GOTO);
        assertThat(r.get(1).gotoTarget()).hasValue(20);
        assertThat(r.get(2).action()).isEqualTo(RuleAction.BLACKHOLE);
        assertThat(r.get(3).family()).isEqualTo(IpFamily.INET6);
        assertThat(r.get(3).action()).isEqualTo(RuleAction.PROHIBIT);
        assertThat(r.get(4).options()).containsEntry(RuleOption.SPORT, "1024-2048").containsEntry(RuleOption.DPORT, "53")
                .containsEntry(RuleOption.IP_PROTO, "udp");
        assertThat(r.get(4).table()).as("no action means the main table").contains("main");
        assertThat(r.get(5).options()).containsEntry(RuleOption.SUPPRESS_PREFIXLENGTH, "0");
        assertThat(problems("static_rules {\nfrom 10.0.0.0/8 to ::/0 table 1\nfrom 1.2.3.4 table 1 goto 3\n"
                + "fwmark x table 1\nfrom 10.0.0.0/8 frobnicate\n}\n")).containsExactly(
                "2:20: error: Rule addresses and family do not match - ignoring rule",
                "3:22: error: Rule has two actions - ignoring rule",
                "4:8: error: Invalid rule fwmark x specified",
                "5:17: error: Unknown rule option frobnicate");
    }

    @Test
    void linkbeatUpDownDelaysAndGarpGroups() {
        KeepalivedConfig c = config("""
                linkbeat_interfaces {
                    eth0
                    eth1 MII
                    eth2 IOCTL
                }
                interface_up_down_delays {
                    eth0 0.25 1.5
                    eth1 3
                }
                garp_group {
                    garp_interval 0.002
                    interface eth0
                }
                garp_group {
                    gna_interval 0.5
                    interfaces {
                        eth1
                        eth2
                    }
                }
                """);
        assertThat(c.linkbeatInterfaces()).containsExactly(new LinkbeatInterface("eth0", LinkbeatMode.AUTO),
                new LinkbeatInterface("eth1", LinkbeatMode.MII), new LinkbeatInterface("eth2", LinkbeatMode.IOCTL));
        assertThat(c.interfaceUpDownDelays()).containsExactly(
                new InterfaceUpDownDelay("eth0", Duration.ofMillis(250), Duration.ofMillis(1500)),
                new InterfaceUpDownDelay("eth1", Duration.ofSeconds(3), Duration.ZERO));
        assertThat(c.garpGroups()).containsExactly(
                new GarpGroup(Optional.of(Duration.ofMillis(2)), Optional.empty(), List.of("eth0"), false),
                new GarpGroup(Optional.empty(), Optional.of(Duration.ofMillis(500)), List.of("eth1", "eth2"), true));
        assertThat(problems("""
                linkbeat_interfaces {
                    eth0 POLL
                    eth0
                }
                interface_up_down_delays {
                    eth0
                    eth1 256
                    eth2 1 2 3
                }
                garp_group {
                    interface eth0
                }
                garp_group {
                    garp_interval 2
                    interface eth0
                    interfaces {
                        eth5
                    }
                }
                """)).containsExactly(
                "2:10: error: extra characters POLL in linkbeat interface",
                "3:5: warning: linkbeat interface eth0 already specified - ignoring",
                "6:5: error: No timeouts specified for eth0 up/down delays",
                "7:10: error: Invalid down delay 256 for eth1",
                "8:14: warning: Too many parameters for eth2 up/down delays",
                "10:1: error: garp group 0 does not have any delay set - removing",
                "14:5: warning: The garp_interval is very large - 2 seconds",
                "16:5: error: garp_group: only one of interface or interfaces may be given - ignoring this block");
    }

    @Test
    void trackFilesAndTheDeprecatedName() {
        String text = """
                track_file F1 {
                    file /tmp/a
                    weight -3 reverse
                    init_file
                }
                vrrp_track_file F2 {
                    file "/tmp/with space"
                    init_file 7
                }
                track_file F3 {
                    weight 2
                }
                track_file F1 {
                    file /tmp/b
                }
                """;
        assertThat(problems(text)).containsExactly(
                "6:1: warning: 'vrrp_track_file' is deprecated - please use 'track_file'",
                "10:1: error: No file set for track_file F3 - removing",
                "13:1: error: track_file F1 already defined - ignoring");
        assertThat(config(text).trackFiles()).containsExactly(
                new TrackFile("F1", "/tmp/a", -3, true, Optional.of(new TrackFileInit(0, false))),
                new TrackFile("F2", "/tmp/with space", 1, false, Optional.of(new TrackFileInit(7, false))));
    }

    @Test
    void trackProcesses() {
        String text = """
                vrrp_track_process P1 {
                    process "/usr/sbin/haproxy" -f "/etc/ha proxy.cfg"
                    weight -10
                    quorum 2
                    quorum_max 3
                    delay 0.5
                    terminate_delay 2
                }
                vrrp_track_process P2 {
                    process nginx
                    param_match
                    quorum_max 0
                }
                vrrp_track_process P3 {
                    weight 255
                    quorum 0
                    delay 4000
                    param_match exact
                }
                """;
        assertThat(problems(text)).containsExactly(
                "15:12: error: Weight (255) for vrrp_track_process P3 must be between [-254..254] inclusive. Ignoring...",
                "16:5: error: Quorum (0) for vrrp_track_process P3 must be between [1..65535] inclusive. Ignoring...",
                "17:5: error: delay (4000) for vrrp_track_process P3 must be between [0.000001..3600] inclusive. Ignoring...",
                "18:17: error: Invalid param_match type exact - ignoring",
                "14:1: error: track process 'P3' process name not specified");
        List<VrrpTrackProcess> p = config(text).trackProcesses();
        assertThat(p.get(0)).isEqualTo(new VrrpTrackProcess("P1", List.of("/usr/sbin/haproxy", "-f",
                "/etc/ha proxy.cfg"), ParamMatch.EXACT, -10, false, 2, OptionalInt.of(3), Duration.ofMillis(500),
                Duration.ofSeconds(2), true));
        assertThat(p.get(1)).isEqualTo(new VrrpTrackProcess("P2", List.of("nginx"), ParamMatch.EXACT, 1, false, 0,
                OptionalInt.of(0), Duration.ZERO, Duration.ZERO, true));
    }

    @Test
    void bfdInstances() {
        String text = """
                bfd_instance B1 {
                    neighbor_ip 10.0.0.2
                    source_ip 10.0.0.1
                    min_rx 3.312
                    max_hops 300
                    checker
                }
                bfd_instance B2 {
                    neighbour_ip fe80::2
                    hoplimit 10
                    max_hops 20
                    multihop
                }
                bfd_instance B3 {
                    source_ip 10.0.0.1
                }
                bfd_instance B4 {
                    neighbor_ip 10.0.0.2
                    source_ip 10.0.0.1
                    min_tx 0
                    multiplier 256
                }
                bfd_instance B5 {
                    neighbor_ip 10.0.0.5
                    source_ip fe80::1
                }
                """;
        assertThat(problems(text)).containsExactly(
                "5:5: error: Configuration error: BFD instance B1 max_hops value 300 not valid (must be in range "
                        + "[-1-255]), ignoring",
                "8:1: warning: BFD instance B2: max_hops exceeds ttl/hoplimit - setting to ttl/hoplimit",
                "14:1: error: Configuration error: BFD instance B3 has no neighbor address set, disabling instance",
                "20:5: error: Configuration error: BFD instance B4 min_tx value 0 is not valid (must be in range "
                        + "[1-4294967]), ignoring",
                "21:5: error: Configuration error: BFD instance B4 multiplier value 256 not valid (must be in range "
                        + "[1-255]), ignoring",
                "17:1: error: Configuration error: BFD instance B4 has duplicate source/neighbor address "
                        + "10.0.0.1/10.0.0.2, ignoring instance",
                "23:1: error: Configuration error: BFD instance B5 source address fe80::1 and neighbor address "
                        + "10.0.0.5 are not of the same family, disabling instance");
        List<BfdInstance> b = config(text).bfdInstances();
        assertThat(b).hasSize(2);
        assertThat(b.get(0).minRx()).isEqualTo(Duration.ofNanos(3_312_000));
        assertThat(b.get(0).ttl()).isEqualTo(255);
        assertThat(b.get(0).events()).isEqualTo(BfdEvents.CHECKER);
        assertThat(b.get(1).ttl()).isEqualTo(10);
        assertThat(b.get(1).maxHops()).isEqualTo(10);
        assertThat(b.get(1).multihop()).isTrue();
        assertThat(b.get(1).minTx()).isEqualTo(Duration.ofMillis(10));
        assertThat(b.get(1).idleTx()).isEqualTo(Duration.ofMillis(1000));
        assertThat(b.get(1).multiplier()).isEqualTo(5);
    }
}
