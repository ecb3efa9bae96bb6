package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.VirtualServer;
import io.fulcrum.config.model.VirtualServerAddress;
import io.fulcrum.ipvs.Family;
import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.ServiceSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** virtual_server_group: every address of a range and every fwmark is a service with the group's settings. */
class TableLoaderGroupsTest {

    @Test
    void rangesAndFwmarksWithPortsPerForwardingMethod() {
        TableFixtures.Loaded l = TableFixtures.load("""
                virtual_server_group G {
                    10.0.0.1-3 80
                    10.0.1.0/31 443
                    fwmark 5
                }
                virtual_server group G {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    real_server 10.1.1.1 {
                    }
                    real_server 10.1.1.2 8080 {
                        lvs_method NAT
                        weight 2
                    }
                }
                """);
        assertThat(l.lines()).containsExactly(
                "TCP 10.0.0.1:80 rr -> 10.1.1.1:80 Route 1 -> 10.1.1.2:8080 Masq 2",
                "TCP 10.0.0.2:80 rr -> 10.1.1.1:80 Route 1 -> 10.1.1.2:8080 Masq 2",
                "TCP 10.0.0.3:80 rr -> 10.1.1.1:80 Route 1 -> 10.1.1.2:8080 Masq 2",
                "TCP 10.0.1.0:443 rr -> 10.1.1.1:443 Route 1 -> 10.1.1.2:8080 Masq 2",
                "TCP 10.0.1.1:443 rr -> 10.1.1.1:443 Route 1 -> 10.1.1.2:8080 Masq 2",
                "FWM  5 rr -> 10.1.1.1:0 Route 1 -> 10.1.1.2:8080 Masq 2");
        assertThat(l.body()).containsExactly(
                "VS [[10.0.0.1]:tcp:80-10.0.0.3] added into group G (rr)",
                "VS [[10.0.1.0]:tcp:443-10.0.1.1] added into group G (rr)",
                "VS [FWM 5] added into group G (rr)",
                "Adding service [10.1.1.1]:tcp:0 to VS [G]:0",
                "Adding service [10.1.1.2]:tcp:8080 to VS [G]:0",
                "Gained quorum 1+0=1 <= 3 for VS [G]:0");
    }

    @Test
    void ipv6RangeCountsInTheLastGroupAndFwmarkKeepsItsFamily() {
        TableFixtures.Loaded l = TableFixtures.load("""
                virtual_server_group V6 {
                    2001:db8::fe-101 80
                    fwmark 9 inet6
                }
                virtual_server group V6 {
                    protocol TCP
                    lvs_sched wlc
                    lvs_method DR
                    real_server 2001:db8:1::a 80 {
                    }
                }
                """);
        assertThat(l.table().snapshot().services()).extracting(ServiceSnapshot::key).map(Object::toString)
                .containsExactly("TCP [2001:db8::fe]:80", "TCP [2001:db8::ff]:80", "TCP [2001:db8::100]:80",
                        "TCP [2001:db8::101]:80", "FWM  9 IPv6");
        assertThat(l.table().snapshot().services()).allSatisfy(s -> assertThat(s.destinations())
                .singleElement().satisfies(d -> assertThat(d.address().toString()).isEqualTo("2001:db8:1::a")));
    }

    @Test
    void twoVirtualServersOnOneGroupAreNumberedAndShareTheFwmark() {
        TableFixtures.Loaded l = TableFixtures.load("""
                virtual_server_group G {
                    10.0.0.1 53
                    fwmark 5
                }
                virtual_server group G {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    real_server 10.1.1.1 53 {
                    }
                }
                virtual_server group G {
                    protocol UDP
                    lvs_sched wlc
                    lvs_method DR
                    real_server 10.1.1.2 53 {
                    }
                }
                """);
        assertThat(l.lines()).containsExactly("TCP 10.0.0.1:53 rr -> 10.1.1.1:53 Route 1",
                "UDP 10.0.0.1:53 wlc -> 10.1.1.2:53 Route 1",
                "FWM  5 rr -> 10.1.1.1:0 Route 1 -> 10.1.1.2:0 Route 1");
        assertThat(l.body()).containsExactly(
                "VS [[10.0.0.1]:tcp:53] added into group G (rr)",
                "VS [FWM 5] added into group G (rr)",
                "VS [[10.0.0.1]:udp:53] added into group G (wlc)",
                "IPVS cmd IP_VS_SO_SET_ADD(1154) error: Service already exists (Fwm 5) - virtual_server #2 VS [G]:1"
                        + " shares it: its own settings are ignored, its real servers join it",
                "Adding service [10.1.1.1]:tcp:53 to VS [G]:0",
                "Gained quorum 1+0=1 <= 1 for VS [G]:0",
                "Adding service [10.1.1.2]:udp:53 to VS [G]:1",
                "Gained quorum 1+0=1 <= 1 for VS [G]:1");
        assertThat(l.log().getLast()).endsWith("3 services, 4 destinations, 0 refused operations");
    }

    @Test
    void entriesThatCannotBeServicesAreSkipped() {
        TableFixtures.Loaded l = TableFixtures.load("""
                virtual_server_group G {
                    fwmark 0
                    10.0.0.0/8 80
                    10.9.9.9 80
                }
                virtual_server group G {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    real_server 10.1.1.1 80 {
                    }
                }
                """);
        assertThat(l.lines()).containsExactly("TCP 10.9.9.9:80 rr -> 10.1.1.1:80 Route 1");
        assertThat(l.body()).startsWith("VS [FWM 0] of group G: fwmark 0 marks no packets - skipping",
                "VS [[10.0.0.0]:tcp:80-10.255.255.255] of group G: 16777216 addresses, more than the 65536 services"
                        + " Fulcrum makes of one group entry - skipping",
                "VS [[10.9.9.9]:tcp:80] added into group G (rr)");
    }

    @Test
    void aGroupOfAtMostTheLimitIsExpandedWhole() {
        TableFixtures.Loaded l = TableFixtures.load("""
                virtual_server_group G {
                    10.0.0.0/16 80
                }
                virtual_server group G {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    real_server 10.1.1.1 80 {
                    }
                }
                """);
        assertThat(l.table().size()).isEqualTo(VirtualServerTargets.MAX_RANGE);
        assertThat(l.log().getLast()).isEqualTo("IPVS table built from 1 virtual_server blocks: 65536 services, 65536"
                + " destinations, 0 refused operations");
    }

    @Test
    void aGroupThatDoesNotExistLeavesItsVirtualServerOut() {
        KeepalivedConfig c = TableFixtures.config("""
                virtual_server 10.0.0.1 80 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    real_server 10.1.1.1 80 {
                    }
                }
                """);
        VirtualServer v = c.virtualServers().getFirst();
        VirtualServer grouped = new VirtualServer(new VirtualServerAddress.Group("NOPE"), v.protocol(),
                v.family(), v.scheduler(), v.flags(), v.ops(), v.hashed(), v.forwarding(), v.persistence(),
                v.haSuspend(), v.omega(), v.quorum(), v.sorryServer(), v.virtualhost(), v.smtpAlert(), v.snmpName(),
                v.proxyProtocol(), v.weight(), v.checks(), v.realServers());
        TableFixtures.Loaded l = TableFixtures.load(TableFixtures.withVirtualServers(c, List.of(grouped, v)),
                TableFixtures.table());
        assertThat(l.lines()).containsExactly("TCP 10.0.0.1:80 rr -> 10.1.1.1:80 Route 1");
        assertThat(l.body()).startsWith(
                "Virtual server group NOPE specified but not configured - ignoring virtual server [NOPE]:0",
                "VS [NOPE]:0 (virtual_server #1) has no service in the table - its real servers are left out",
                "VS [10.0.0.1]:tcp:80 added (rr)");
    }

    @Test
    void fwmarkEntryWithoutFamilyTakesTheVirtualServers() {
        TableFixtures.Loaded l = TableFixtures.load("""
                virtual_server_group G {
                    fwmark 6
                }
                virtual_server group G {
                    lvs_sched rr
                    lvs_method DR
                    real_server 2001:db8::1 {
                    }
                }
                """);
        assertThat(l.table().snapshot().services()).extracting(ServiceSnapshot::key)
                .containsExactly(new ServiceKey.Fwmark(6, Family.INET6));
    }
}
