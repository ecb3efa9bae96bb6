package io.fulcrum.vrrp;

import static io.fulcrum.vrrp.Fixtures.MS;
import static io.fulcrum.vrrp.Fixtures.S;
import static io.fulcrum.vrrp.Fixtures.T0;
import static io.fulcrum.vrrp.Fixtures.effects;
import static io.fulcrum.vrrp.Fixtures.garp;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.KeepalivedConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A sync group member that, as MASTER, receives a lower-priority advert makes the other members send their
 * garp_lower_prio bursts too (vrrp.c vrrp_state_master_rx), if they hold their addresses.
 */
class SyncGroupGarpTest {

    private static final String CONF = """
            vrrp_sync_group G {
                group {
                    VI_1
                    VI_2
                }
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                virtual_ipaddress {
                    10.0.0.1
                }
            }
            vrrp_instance VI_2 {
                interface eth1
                virtual_router_id 52
                virtual_ipaddress {
                    10.0.1.1
                }
                %s
            }
            """;

    /**
     * VI_2's garp options; whether both members become MASTER first; VI_2's actions when VI_1 gets the lower
     * advert, and at the delay.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            other MASTER bursts, then again later | garp_lower_prio_repeat 2\\ngarp_lower_prio_delay 3 | true  | 2 | 2
            no delay: one burst                   | garp_lower_prio_repeat 3\\ngarp_lower_prio_delay 0 | true  | 3 | 0
            repeat 0: nothing                     | garp_lower_prio_repeat 0                           | true  | 0 | 0
            a BACKUP holds no address: nothing    | garp_lower_prio_repeat 2                           | false | 0 | 0
            """)
    void otherMembersBurst(String what, String options, boolean masters, int now, int later) {
        KeepalivedConfig c = Fixtures.config(CONF.formatted(options.replace("\\n", "\n")));
        VrrpMachine vi1 = new VrrpMachine(Fixtures.settings(c.vrrpInstances().get(0)));
        VrrpMachine vi2 = new VrrpMachine(new InstanceSettings(c.vrrpInstances().get(1),
                IpAddress.parse("10.0.1.10"), Fixtures.GROUP));
        SyncGroup g = new SyncGroup(c.syncGroups().getFirst(), List.of(vi1, vi2));
        long t = T0;
        for (VrrpMachine m : List.of(vi1, vi2)) {
            InstanceState before = m.state();
            m.start(t);
            g.afterChange(m, before, t);
        }
        if (masters) {
            for (VrrpMachine m : List.of(vi1, vi2)) {
                t = Math.max(t, m.nextDeadline());
                InstanceState before = m.state();
                m.timer(t);
                g.afterChange(m, before, t);
            }
            assertThat(List.of(vi1.state(), vi2.state())).containsOnly(InstanceState.MASTER);
            t += 10 * S; // past the master GARP bursts
            vi2.timer(t);
        } else {
            vi1.timer(vi1.nextDeadline());
            g.afterChange(vi1, InstanceState.BACKUP, vi1.nextDeadline());
        }
        long rx = t + 10 * MS;
        Map<String, List<VrrpAction>> out = g.lowerPriorityReceived(vi1, rx);
        assertThat(out.getOrDefault("VI_2", List.of())).isEqualTo(now == 0 ? List.of()
                : List.of(garp(now, "lower priority")));
        assertThat(out).doesNotContainKey("VI_1");
        List<VrrpAction> at = effects(vi2.timer(rx + 3 * S));
        assertThat(at.stream().filter(a -> a instanceof VrrpAction.SendGratuitous).toList())
                .isEqualTo(later == 0 ? List.of() : List.of(garp(later, "lower priority")));
    }
}
