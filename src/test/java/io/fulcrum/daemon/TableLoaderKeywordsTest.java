package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.ipvs.DestinationSettings;
import io.fulcrum.ipvs.Family;
import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.Persistence;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.SchedFlags;
import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.ServiceSettings;
import io.fulcrum.ipvs.ServiceSnapshot;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How each virtual_server / real_server keyword reaches the table. */
class TableLoaderKeywordsTest {

    @Test
    void everyLvsKeywordOfTheGoldenConfiguration() throws IOException {
        KeepalivedConfig config = TableFixtures.resource("/golden/lvs-full.conf");
        TableFixtures.Loaded loaded = TableFixtures.load(config, TableFixtures.table());

        List<String> web = new java.util.ArrayList<>();
        for (String a : List.of("192.168.200.1", "192.168.200.2", "192.168.200.3", "192.168.200.4", "192.168.200.5",
                "192.168.200.6", "192.168.200.7", "192.168.200.8", "192.168.200.9", "192.168.200.10")) {
            web.add("SCTP " + a + ":80 wrr persistent 360 -> 10.1.0.1:9000 FullNat 0");
        }
        for (int i = 250; i < 256; i++) {
            web.add("SCTP 192.168.200." + i + ":8080 wrr persistent 360 -> 10.1.0.1:9000 FullNat 0");
        }
        for (int i = 0; i <= 10; i++) {
            web.add("SCTP 192.168.201." + i + ":8080 wrr persistent 360 -> 10.1.0.1:9000 FullNat 0");
        }
        for (int i = 8; i <= 15; i++) {
            web.add("SCTP 192.168.202." + i + ":443 wrr persistent 360 -> 10.1.0.1:9000 FullNat 0");
        }
        web.add("SCTP 192.168.203.1:0 wrr persistent 360 -> 10.1.0.1:9000 FullNat 0");
        List<String> expected = new java.util.ArrayList<>(List.of(
                "TCP 10.0.0.1:80 sh (sh-fallback,sh-port,flag-3) persistent 600 mask 255.255.255.0 pe sip"
                        + " -> 10.0.1.2:80 Tunnel 0 -> 10.0.1.99:8080 Masq 1 -> [2001:db8::5]:80 Tunnel 0",
                "UDP 10.0.0.2:0 twos (flag-1,flag-2) persistent 120 ops -> 10.0.3.1:5353 Masq 7 -> 10.0.3.2:0 Masq 1"));
        expected.addAll(web);
        expected.add("FWM  5 IPv6 mh (mh-fallback,mh-port) persistent 360 mask 64 ops"
                + " -> [2001:db8::1]:0 Tunnel 1 -> [2001:db8::2]:0 Tunnel 1");
        expected.add("FWM  7 wrr persistent 360 -> 10.1.0.1:9000 FullNat 0");
        assertThat(loaded.lines()).containsExactlyElementsOf(expected);

        // the services first, then each virtual server's real servers as health checking starts them
        assertThat(loaded.body()).containsExactly(
                "VS [10.0.0.1]:tcp:80 added (sh (sh-fallback,sh-port,flag-3) persistent 600 mask 255.255.255.0"
                        + " pe sip)",
                "VS FWM 5 added (mh (mh-fallback,mh-port) persistent 360 mask 64 ops)",
                "VS [[192.168.200.1]:sctp:80-192.168.200.10] added into group WEB (wrr persistent 360)",
                "VS [[192.168.200.250]:sctp:8080-192.168.201.10] added into group WEB (wrr persistent 360)",
                "VS [[192.168.202.8]:sctp:443-192.168.202.15] added into group WEB (wrr persistent 360)",
                "VS [[192.168.203.1]:sctp:0] added into group WEB (wrr persistent 360)",
                "VS [FWM 7] added into group WEB (wrr persistent 360)",
                "VS [10.0.0.2]:udp:0 added (twos (flag-1,flag-2) persistent 120 ops)",
                "real_server #2 of virtual_server #1: tunnel type gue port 6080 csum is not kept by Fulcrum's table"
                        + " - it is listed as a plain Tunnel destination",
                "Adding service [10.0.1.2]:tcp:80 to VS [10.0.0.1]:tcp:80 with weight 0 (inhibit_on_failure)",
                "real_server #3 of virtual_server #1: tunnel type gre csum is not kept by Fulcrum's table - it is"
                        + " listed as a plain Tunnel destination",
                "Adding service [2001:db8::5]:tcp:80 to VS [10.0.0.1]:tcp:80 with weight 0 (inhibit_on_failure)",
                "Starting with quorum down 3-1=4 > 0 for VS [10.0.0.1]:tcp:80",
                "Enabling sorry server [10.0.1.99]:tcp:8080 to VS [10.0.0.1]:tcp:80",
                "Removing alive servers from the pool for VS [10.0.0.1]:tcp:80",
                "Adding service [2001:db8::1]:none:0 to VS FWM 5",
                "Adding service [2001:db8::2]:none:0 to VS FWM 5",
                "Gained quorum 1+0=1 <= 2 for VS FWM 5",
                "Adding service [10.1.0.1]:sctp:9000 to VS [WEB]:0",
                "Starting with quorum down 0-0=0 > 0 for VS [WEB]:0",
                "Adding service [10.0.3.1]:udp:5353 to VS [10.0.0.2]:udp:0",
                "Adding service [10.0.3.2]:udp:0 to VS [10.0.0.2]:udp:0",
                "Gained quorum 1+0=1 <= 8 for VS [10.0.0.2]:udp:0");
        assertThat(loaded.checkers()).hasSize(14).startsWith(
                "Activating healthchecker for service [10.0.1.1]:tcp:80 for VS [10.0.0.1]:tcp:80");
        assertThat(loaded.log().getLast()).isEqualTo(
                "IPVS table built from 4 virtual_server blocks: 40 services, 44 destinations, 0 refused operations");
    }

    @Test
    void schedulerFlagsPersistenceAndEngineAsRecords() throws IOException {
        ServiceSnapshot s = TableFixtures.load(TableFixtures.resource("/golden/lvs-full.conf"), TableFixtures.table())
                .table().snapshot().services().getFirst();
        assertThat(s.key()).isEqualTo(new ServiceKey.Inet(Protocol.TCP, IpAddress.parse("10.0.0.1"), 80));
        assertThat(s.settings()).isEqualTo(new ServiceSettings("sh", new SchedFlags(true, true, true),
                Optional.of(new Persistence(600, 24)), false, Optional.of("sip")));
        assertThat(s.destinations()).extracting(d -> d.settings()).containsExactly(
                DestinationSettings.of(ForwardingMethod.TUNNEL, 0), DestinationSettings.of(ForwardingMethod.MASQ, 1),
                DestinationSettings.of(ForwardingMethod.TUNNEL, 0));
    }

    @Test
    void ipv6ServiceNatPortsAndPrefixGranularity() {
        TableFixtures.Loaded l = TableFixtures.load("""
                virtual_server 2001:db8::80 443 {
                    protocol TCP
                    lvs_sched wlc
                    lvs_method NAT
                    persistence_timeout 300
                    persistence_granularity 64
                    real_server 2001:db8::a 8443 {
                        weight 3
                    }
                    real_server 2001:db8::b {
                    }
                }
                """);
        ServiceSnapshot s = l.table().snapshot().services().getFirst();
        assertThat(s.key()).isEqualTo(new ServiceKey.Inet(Protocol.TCP, IpAddress.parse("2001:db8::80"), 443));
        assertThat(s.settings().persistence()).contains(new Persistence(300, 64));
        assertThat(l.lines()).containsExactly("TCP [2001:db8::80]:443 wlc persistent 300 mask 64"
                + " -> [2001:db8::a]:8443 Masq 3 -> [2001:db8::b]:443 Masq 1");
        assertThat(l.body()).containsExactly("VS [2001:db8::80]:tcp:443 added (wlc persistent 300 mask 64)",
                "Adding service [2001:db8::a]:tcp:8443 to VS [2001:db8::80]:tcp:443",
                "Adding service [2001:db8::b]:tcp:443 to VS [2001:db8::80]:tcp:443",
                "Gained quorum 1+0=1 <= 4 for VS [2001:db8::80]:tcp:443");
    }

    @Test
    void forwardingMethodsPerRealServerWithThresholds() {
        TableFixtures.Loaded l = TableFixtures.load("""
                virtual_server 10.0.0.1 53 {
                    protocol UDP
                    lvs_sched sh
                    sh-port
                    ops
                    lvs_method DR
                    real_server 10.0.1.1 53 {
                        uthreshold 1000
                        lthreshold 750
                    }
                    real_server 10.0.1.2 5353 {
                        lvs_method NAT
                        weight 4
                    }
                    real_server 10.0.1.3 53 {
                        lvs_method TUN
                    }
                    real_server 10.0.1.4 9053 {
                        lvs_method FNAT
                    }
                }
                """);
        ServiceSnapshot s = l.table().snapshot().services().getFirst();
        assertThat(s.settings()).isEqualTo(new ServiceSettings("sh", new SchedFlags(false, true, false),
                Optional.empty(), true, Optional.empty()));
        assertThat(s.destinations()).extracting(d -> d.port() + " " + d.settings()).containsExactly(
                "53 " + new DestinationSettings(ForwardingMethod.ROUTE, 1, 1000, 750),
                "5353 " + DestinationSettings.of(ForwardingMethod.MASQ, 4),
                "53 " + DestinationSettings.of(ForwardingMethod.TUNNEL, 1),
                "9053 " + DestinationSettings.of(ForwardingMethod.FULLNAT, 1));
        assertThat(l.body()).first().isEqualTo("VS [10.0.0.1]:udp:53 added (sh (sh-port) ops)");
    }

    @Test
    void fwmarkFamilyFromIpFamilyOrTheRealServers() {
        TableFixtures.Loaded l = TableFixtures.load("""
                virtual_server fwmark 10 {
                    ip_family inet6
                    lvs_sched rr
                    lvs_method TUN
                    real_server 10.0.1.1 {
                    }
                }
                virtual_server fwmark 11 {
                    lvs_sched rr
                    lvs_method DR
                    real_server 2001:db8::1 80 {
                    }
                }
                virtual_server fwmark 12 {
                    lvs_sched rr
                    lvs_method TUN
                    real_server 2001:db8::2 {
                    }
                    real_server 10.0.1.2 {
                    }
                }
                """);
        assertThat(l.table().snapshot().services()).extracting(ServiceSnapshot::key).containsExactly(
                new ServiceKey.Fwmark(10, Family.INET6), new ServiceKey.Fwmark(11, Family.INET6),
                new ServiceKey.Fwmark(12, Family.INET));
        assertThat(l.lines()).containsExactly("FWM  10 IPv6 rr -> 10.0.1.1:0 Tunnel 1",
                "FWM  11 IPv6 rr -> [2001:db8::1]:0 Route 1",
                "FWM  12 rr -> 10.0.1.2:0 Tunnel 1 -> [2001:db8::2]:0 Tunnel 1");
        assertThat(l.body()).contains("VS FWM 11 added (rr)", "Adding service [2001:db8::1]:none:0 to VS FWM 11");
    }

    @Test
    void granularityTheTableCannotHoldFallsBackToOneClientAddress() {
        TableFixtures.Loaded l = TableFixtures.load("""
                virtual_server 10.0.0.5 80 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    persistence_timeout 30
                    persistence_granularity 255.0.255.0
                    real_server 10.0.1.1 80 {
                    }
                }
                """);
        assertThat(l.table().snapshot().services().getFirst().settings().persistence())
                .contains(new Persistence(30, 32));
        assertThat(l.body()).startsWith("VS [10.0.0.5]:tcp:80: persistence_granularity 255.0.255.0 cannot be held by"
                + " Fulcrum's table (a prefix length of the service's family) - using /32 (one client address)",
                "VS [10.0.0.5]:tcp:80 added (rr persistent 30)");
    }

    @Test
    void noVirtualServerNoLine() {
        TableFixtures.Loaded l = TableFixtures.load("global_defs {\n    router_id lb1\n}\n");
        assertThat(l.log()).isEmpty();
        assertThat(l.table().size()).isZero();
    }
}
