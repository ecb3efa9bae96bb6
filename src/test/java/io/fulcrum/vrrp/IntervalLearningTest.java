package io.fulcrum.vrrp;

import static io.fulcrum.vrrp.Fixtures.HIGHER_IP;
import static io.fulcrum.vrrp.Fixtures.LOWER_IP;
import static io.fulcrum.vrrp.Fixtures.MS;
import static io.fulcrum.vrrp.Fixtures.T0;
import static io.fulcrum.vrrp.Fixtures.US;
import static io.fulcrum.vrrp.Fixtures.advert;
import static io.fulcrum.vrrp.Fixtures.backup;
import static io.fulcrum.vrrp.Fixtures.logs;
import static io.fulcrum.vrrp.Fixtures.master;
import static io.fulcrum.vrrp.Fixtures.v2;
import static io.fulcrum.vrrp.Fixtures.v3;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 5798 6.4.2 / 6.4.3: a VRRPv3 backup adopts the master's interval; a master uses its own. */
class IntervalLearningTest {

    private static final String V3 = "version 3\nadvert_int 0.1\n";

    @Test
    void aV3BackupAdoptsTheMastersInterval() {
        VrrpMachine m = backup(V3);
        long t = T0 + 50 * MS;
        List<VrrpAction> out = m.advert(v3(200, Duration.ofMillis(200)), HIGHER_IP, t);
        assertThat(logs(out)).containsExactly("D (VI_1) advertisement interval updated from 100ms to 200ms by master");
        assertThat(m.status().interval()).isEqualTo(Duration.ofMillis(200));
        // 3 x 200 ms + (256 - 100) x 20 cs x 625 / 16 us
        assertThat(m.nextDeadline() - t).isEqualTo((600_000 + 121_875) * US);
        assertThat(logs(m.advert(v3(200, Duration.ofMillis(200)), HIGHER_IP, t + 200 * MS))).isEmpty();
    }

    @Test
    void aDiscardedLowerAdvertTeachesNothing() {
        VrrpMachine m = backup(V3 + "priority 150\n");
        m.advert(v3(100, Duration.ofMillis(500)), LOWER_IP, T0 + MS);
        assertThat(m.status().interval()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void becomingMasterRevertsToTheConfiguredInterval() {
        VrrpMachine m = backup(V3 + "garp_master_delay 0\n");
        m.advert(v3(200, Duration.ofMillis(250)), HIGHER_IP, T0 + MS);
        long t = m.nextDeadline();
        List<VrrpAction> out = m.timer(t);
        assertThat(logs(out)).contains("D (VI_1) changing advert interval from 250ms to locally configured 100ms");
        assertThat(m.status().interval()).isEqualTo(Duration.ofMillis(100));
        assertThat(m.nextDeadline()).isEqualTo(t + 100 * MS);
        assertThat(m.timer(m.nextDeadline())).containsExactly(advert(100));
    }

    @Test
    void aV3MasterYieldingLearnsTheNewMastersInterval() {
        VrrpMachine m = master(V3);
        long t = m.nextDeadline() - MS;
        List<VrrpAction> out = m.advert(v3(200, Duration.ofMillis(300)), HIGHER_IP, t);
        assertThat(logs(out)).contains("D (VI_1) advertisement interval updated from 100ms to 300ms by master");
        assertThat(m.nextDeadline() - t).isEqualTo((900_000 + 182_812) * US);
    }

    @Test
    void v2NeverLearnsAnInterval() {
        VrrpMachine m = backup("");
        m.advert(new VrrpAdvert(2, 51, 200, 0, Duration.ofSeconds(3), List.of(), new byte[8]), HIGHER_IP, T0 + MS);
        assertThat(m.status().interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(m.advert(v2(200), HIGHER_IP, T0 + 2 * MS)).isEmpty();
    }
}
