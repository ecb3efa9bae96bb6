package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.VirtualServer;
import io.fulcrum.ipvs.ServiceTable;
import io.fulcrum.ipvs.sched.SchedulerFactory;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Duplicates, values the table does not hold, and refused operations: each is logged and loading goes on. */
class TableLoaderRefusalsTest {

    @Test
    void aDuplicateVirtualServerSharesTheServiceAsInKeepalived() {
        TableFixtures.Loaded l = TableFixtures.load("""
                virtual_server 10.0.0.1 80 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    real_server 10.0.1.1 80 {
                    }
                    real_server 10.0.1.2 80 {
                    }
                }
                virtual_server 10.0.0.1 80 {
                    protocol TCP
                    lvs_sched wlc
                    lvs_method DR
                    real_server 10.0.1.2 80 {
                        weight 5
                    }
                    real_server 10.0.1.3 80 {
                    }
                }
                """);
        assertThat(l.lines()).containsExactly(
                "TCP 10.0.0.1:80 rr -> 10.0.1.1:80 Route 1 -> 10.0.1.2:80 Route 1 -> 10.0.1.3:80 Route 1");
        assertThat(l.log()).containsSubsequence(
                "IPVS cmd IP_VS_SO_SET_ADD(1154) error: Service already exists (10.0.0.1:tcp:80) - virtual_server #2"
                        + " VS [10.0.0.1]:tcp:80 shares it: its own settings are ignored, its real servers join it",
                "IPVS cmd IP_VS_SO_SET_ADDDEST(1159) error: Destination already exists (10.0.0.1:tcp:80 ->"
                        + " 10.0.1.2:80) - real_server #1 of virtual_server #2: left out of [10.0.0.1]:tcp:80",
                "Adding service [10.0.1.3]:tcp:80 to VS [10.0.0.1]:tcp:80",
                "IPVS table built from 2 virtual_server blocks: 1 services, 3 destinations, 1 refused operations");
    }

    @Test
    void aDuplicateRealServerIsRemovedAsKeepalivedDoes() {
        KeepalivedConfig c = TableFixtures.config("""
                virtual_server 10.0.0.1 80 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    real_server 10.0.1.1 80 {
                        weight 2
                    }
                }
                """);
        VirtualServer v = c.virtualServers().getFirst();
        VirtualServer doubled = TableFixtures.withRealServers(v, List.of(v.realServers().getFirst(),
                v.realServers().getFirst()));
        TableFixtures.Loaded l = TableFixtures.load(TableFixtures.withVirtualServers(c, List.of(doubled)),
                TableFixtures.table());
        assertThat(l.lines()).containsExactly("TCP 10.0.0.1:80 rr -> 10.0.1.1:80 Route 2");
        assertThat(l.body()).containsExactly(
                "VS [10.0.0.1]:tcp:80 added (rr)",
                "VS [10.0.0.1]:tcp:80: real server [10.0.1.1]:tcp:80 is duplicated - removing second rs",
                "Adding service [10.0.1.1]:tcp:80 to VS [10.0.0.1]:tcp:80",
                "Gained quorum 1+0=1 <= 2 for VS [10.0.0.1]:tcp:80");
    }

    @Test
    void weightsAndThresholdsAboveWhatTheTableHoldsAreCapped() {
        TableFixtures.Loaded l = TableFixtures.load("""
                virtual_server 10.0.0.1 80 {
                    protocol TCP
                    lvs_sched wrr
                    lvs_method DR
                    real_server 10.0.1.1 80 {
                        weight 100000
                        uthreshold 4294967295
                    }
                    real_server 10.0.1.2 80 {
                        weight 65535
                    }
                }
                """);
        assertThat(l.lines()).containsExactly(
                "TCP 10.0.0.1:80 wrr -> 10.0.1.1:80 Route 65535 x2147483647/0 -> 10.0.1.2:80 Route 65535");
        assertThat(l.body()).containsExactly("VS [10.0.0.1]:tcp:80 added (wrr)",
                "real_server #1 of virtual_server #1: weight 100000 is above 65535, the most"
                        + " Fulcrum's table holds - using 65535",
                "real_server #1 of virtual_server #1: uthreshold 4294967295 is above 2147483647, the"
                        + " most Fulcrum's table holds - using 2147483647",
                "Adding service [10.0.1.1]:tcp:80 to VS [10.0.0.1]:tcp:80",
                "Adding service [10.0.1.2]:tcp:80 to VS [10.0.0.1]:tcp:80",
                // keepalived weighs the quorum with the configured weights
                "Gained quorum 1+0=1 <= 165535 for VS [10.0.0.1]:tcp:80");
    }

    @Test
    void aRefusedRealServerIsLoggedWithItsPlaceAndTheNextOneIsAdded() {
        TableFixtures.Loaded l = TableFixtures.load("""
                virtual_server 10.0.0.1 80 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method FNAT
                    real_server 2001:db8::1 8080 {
                    }
                    real_server 10.0.1.2 80 {
                        uthreshold 10
                        lthreshold 20
                    }
                    real_server 10.0.1.3 8080 {
                    }
                }
                """);
        // full NAT may cross address families (the proxy opens its own connection); the thresholds are refused
        assertThat(l.lines()).containsExactly(
                "TCP 10.0.0.1:80 rr -> 10.0.1.3:8080 FullNat 1 -> [2001:db8::1]:8080 FullNat 1");
        assertThat(l.body()).containsExactly("VS [10.0.0.1]:tcp:80 added (rr)",
                "Adding service [2001:db8::1]:tcp:8080 to VS [10.0.0.1]:tcp:80",
                "IPVS cmd IP_VS_SO_SET_ADDDEST(1159) error: Upper threshold is lower than lower threshold"
                        + " (10.0.0.1:tcp:80 -> 10.0.1.2:80) - real_server #2 of virtual_server #1: left out of"
                        + " [10.0.0.1]:tcp:80",
                // keepalived logs its "Adding" line whatever the IPVS command answers
                "Adding service [10.0.1.2]:tcp:80 to VS [10.0.0.1]:tcp:80",
                "Adding service [10.0.1.3]:tcp:8080 to VS [10.0.0.1]:tcp:80",
                "Gained quorum 1+0=1 <= 3 for VS [10.0.0.1]:tcp:80");
        assertThat(l.log().getLast()).endsWith("1 services, 2 destinations, 1 refused operations");
    }

    @Test
    void aRefusedServiceIsLoggedWithItsPlaceAndTheOthersAreLoaded() {
        SchedulerFactory all = new SchedulerFactory(() -> 0L, () -> new SplittableRandom(1));
        ServiceTable withoutMh = new ServiceTable((name, flags, dests) -> name.equals("mh") ? Optional.empty()
                : all.create(name, flags, dests));
        TableFixtures.Loaded l = TableFixtures.load(TableFixtures.config("""
                virtual_server 10.0.0.1 80 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method DR
                    real_server 10.0.1.1 80 {
                    }
                }
                virtual_server 10.0.0.2 80 {
                    protocol TCP
                    lvs_sched mh
                    lvs_method DR
                    real_server 10.0.1.2 80 {
                    }
                }
                virtual_server 10.0.0.3 80 {
                    protocol TCP
                    lvs_sched wlc
                    lvs_method DR
                    real_server 10.0.1.3 80 {
                    }
                }
                """), withoutMh);
        assertThat(l.lines()).containsExactly("TCP 10.0.0.1:80 rr -> 10.0.1.1:80 Route 1",
                "TCP 10.0.0.3:80 wlc -> 10.0.1.3:80 Route 1");
        assertThat(l.log()).containsSubsequence("VS [10.0.0.1]:tcp:80 added (rr)",
                "IPVS cmd IP_VS_SO_SET_ADD(1154) error: Scheduler not found (10.0.0.2:tcp:80) - virtual_server #2"
                        + " VS [10.0.0.2]:tcp:80: service left out",
                "VS [10.0.0.2]:tcp:80 (virtual_server #2) has no service in the table - its real servers are left out",
                "VS [10.0.0.3]:tcp:80 added (wlc)",
                "Gained quorum 1+0=1 <= 1 for VS [10.0.0.1]:tcp:80",
                "IPVS table built from 3 virtual_server blocks: 2 services, 2 destinations, 1 refused operations");
        assertThat(l.log()).noneMatch(line -> line.contains("-> 10.0.1.2"));
    }
}
