package io.fulcrum.vrrp;

import static io.fulcrum.vrrp.Fixtures.HIGHER_IP;
import static io.fulcrum.vrrp.Fixtures.LOWER_IP;
import static io.fulcrum.vrrp.Fixtures.MS;
import static io.fulcrum.vrrp.Fixtures.T0;
import static io.fulcrum.vrrp.Fixtures.logs;
import static io.fulcrum.vrrp.Fixtures.machine;
import static io.fulcrum.vrrp.Fixtures.v2;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The address owner (priority 255): RFC 5798 6.4.1 start-up, owner_ignore_adverts and the two-owners error. */
class OwnerTest {

    private static VrrpMachine owner(String body) {
        VrrpMachine m = machine("priority 255\n" + body);
        m.start(T0);
        return m;
    }

    @Test
    void ownerIgnoreAdvertsIgnoresEverything() {
        VrrpMachine m = owner("owner_ignore_adverts\n");
        long due = m.nextDeadline();
        for (int prio : new int[] {0, 100, 255}) {
            assertThat(m.advert(v2(prio), HIGHER_IP, T0 + 10 * MS)).isEmpty();
        }
        assertThat(m.state()).isEqualTo(InstanceState.MASTER);
        assertThat(m.nextDeadline()).isEqualTo(due);
    }

    @Test
    void twoOwnersIsAConfigurationErrorAndTheLowerAddressStepsDown() {
        VrrpMachine m = owner("");
        List<VrrpAction> out = m.advert(v2(255), HIGHER_IP, T0 + 10 * MS);
        assertThat(logs(out)).containsExactly(
                "(VI_1) CONFIGURATION ERROR: local instance and a remote instance are both configured as address"
                        + " owner, please fix - reducing local priority",
                "(VI_1) Master received advert from 10.0.0.20 with higher priority 255, ours 254",
                "(VI_1) Entering BACKUP STATE");
        assertThat(m.state()).isEqualTo(InstanceState.BACKUP);
        assertThat(m.status().basePriority()).isEqualTo(254);
        assertThat(m.status().effectivePriority()).isEqualTo(254);
    }

    @Test
    void afterLoweringItselfEvenTheHigherAddressYieldsToAnAdvertOf255() {
        // keepalived lowers its own priority to 254 first, so the 255 advert is then simply higher
        VrrpMachine m = owner("");
        List<VrrpAction> out = m.advert(v2(255), LOWER_IP, T0 + 10 * MS);
        assertThat(logs(out)).element(1)
                .isEqualTo("(VI_1) Master received advert from 10.0.0.5 with higher priority 255, ours 254");
        assertThat(m.state()).isEqualTo(InstanceState.BACKUP);
    }

    @Test
    void trackersNeverMoveTheOwnersPriority() {
        VrrpMachine m = owner("");
        assertThat(m.track(TrackStatus.ok(200), T0 + MS)).isEmpty();
        assertThat(m.status().effectivePriority()).isEqualTo(255);
    }

    @Test
    void anOwnerWhosePriorityWasLoweredIsClampedTo254ByTracking() {
        VrrpMachine m = owner("");
        m.advert(v2(255), HIGHER_IP, T0 + 10 * MS);
        assertThat(m.track(TrackStatus.ok(255), T0 + 20 * MS)).isEmpty();
        assertThat(m.status().effectivePriority()).isEqualTo(254);
    }

    @Test
    void anOwnerBackupTakesOverFromALowerMasterAfterItsDownTimer() {
        VrrpMachine m = machine("priority 255\nstate BACKUP\n");
        m.start(T0);
        assertThat(logs(m.advert(v2(100), LOWER_IP, T0 + MS)))
                .containsExactly("(VI_1) received lower priority (100) advert from 10.0.0.5 - discarding");
        // 3 s + (256 - 255) / 256 s
        assertThat(m.nextDeadline() - T0).isEqualTo(3_003_906_000L);
    }
}
