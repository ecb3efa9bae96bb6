package io.fulcrum.vrrp;

import static io.fulcrum.vrrp.Fixtures.HIGHER_IP;
import static io.fulcrum.vrrp.Fixtures.LOWER_IP;
import static io.fulcrum.vrrp.Fixtures.MS;
import static io.fulcrum.vrrp.Fixtures.REMOVE;
import static io.fulcrum.vrrp.Fixtures.advert;
import static io.fulcrum.vrrp.Fixtures.changed;
import static io.fulcrum.vrrp.Fixtures.effects;
import static io.fulcrum.vrrp.Fixtures.garp;
import static io.fulcrum.vrrp.Fixtures.logs;
import static io.fulcrum.vrrp.Fixtures.master;
import static io.fulcrum.vrrp.Fixtures.v2;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** keepalived's split-brain recovery options: higher_prio_send_advert, lower_prio_no_advert, garp_lower_prio_*. */
class SplitBrainKnobsTest {

    @Test
    void higherPrioSendAdvertSendsOneAdvertBeforeYielding() {
        VrrpMachine m = master("higher_prio_send_advert\n");
        List<VrrpAction> out = m.advert(v2(150), HIGHER_IP, m.nextDeadline() - MS);
        assertThat(effects(out)).containsExactly(advert(100), REMOVE,
                changed(InstanceState.MASTER, InstanceState.BACKUP, 100));
        assertThat(m.state()).isEqualTo(InstanceState.BACKUP);
    }

    @Test
    void withoutItTheMasterYieldsSilently() {
        VrrpMachine m = master("");
        assertThat(effects(m.advert(v2(150), HIGHER_IP, m.nextDeadline() - MS))).doesNotContain(advert(100));
    }

    @Test
    void lowerPrioNoAdvertNeitherAnswersNorRestartsTheAdvertTimer() {
        VrrpMachine m = master("lower_prio_no_advert\n");
        long due = m.nextDeadline();
        List<VrrpAction> out = m.advert(v2(50), LOWER_IP, due - 300 * MS);
        assertThat(logs(out)).containsExactly("(VI_1) Received advert from 10.0.0.5 with lower priority 50, ours 100");
        assertThat(effects(out)).containsExactly(garp(5, "lower priority"), new VrrpAction.MasterRxLowerPriority(50));
        assertThat(m.nextDeadline()).isEqualTo(due);
    }

    @Test
    void lowerPriorityGratuitousArpsAreRepeatedAfterTheirDelay() {
        VrrpMachine m = master("garp_master_delay 0\ngarp_lower_prio_repeat 2\ngarp_lower_prio_delay 3\n");
        long t = m.nextDeadline() - 500 * MS;
        assertThat(effects(m.advert(v2(50), LOWER_IP, t))).contains(garp(2, "lower priority"));
        // adverts go on every second; the delayed burst comes 3 s after the lower advert
        List<VrrpAction> delayed = List.of();
        for (int i = 0; i < 5 && delayed.isEmpty(); i++) {
            long next = m.nextDeadline();
            List<VrrpAction> out = m.timer(next);
            if (out.contains(garp(2, "lower priority"))) {
                delayed = out;
                assertThat(next).isEqualTo(t + 3_000 * MS);
            }
        }
        assertThat(delayed).as("the advert restarted at the lower advert falls due at the same time")
                .containsExactly(advert(100), garp(2, "lower priority"));
    }

    @Test
    void eachLowerAdvertQueuesItsOwnDelayedBurst() {
        VrrpMachine m = master("garp_master_delay 0\ngarp_lower_prio_repeat 1\ngarp_lower_prio_delay 2\n");
        long t = m.nextDeadline() - 900 * MS;
        m.advert(v2(50), LOWER_IP, t);
        m.advert(v2(50), LOWER_IP, t + 100 * MS);
        int bursts = 0;
        while (m.nextDeadline() <= t + 2_100 * MS) {
            bursts += (int) m.timer(m.nextDeadline()).stream().filter(garp(1, "lower priority")::equals).count();
        }
        assertThat(bursts).isEqualTo(2);
    }

    @Test
    void withoutLowerPrioRepeatsNoGratuitousArpIsSent() {
        VrrpMachine m = master("garp_lower_prio_repeat 0\n");
        assertThat(effects(m.advert(v2(50), LOWER_IP, m.nextDeadline() - MS)))
                .containsExactly(advert(100), new VrrpAction.MasterRxLowerPriority(50));
    }
}
