package io.fulcrum.vrrp;

import static io.fulcrum.vrrp.Fixtures.HIGHER_IP;
import static io.fulcrum.vrrp.Fixtures.MS;
import static io.fulcrum.vrrp.Fixtures.REMOVE;
import static io.fulcrum.vrrp.Fixtures.S;
import static io.fulcrum.vrrp.Fixtures.T0;
import static io.fulcrum.vrrp.Fixtures.US;
import static io.fulcrum.vrrp.Fixtures.advert;
import static io.fulcrum.vrrp.Fixtures.backup;
import static io.fulcrum.vrrp.Fixtures.changed;
import static io.fulcrum.vrrp.Fixtures.effects;
import static io.fulcrum.vrrp.Fixtures.logs;
import static io.fulcrum.vrrp.Fixtures.master;
import static io.fulcrum.vrrp.Fixtures.v2;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tracking applied to a running instance: FAULT in and out, and effective priority changes. */
class FaultTest {

    private static final TrackStatus DOWN = TrackStatus.faulted(100, "due to script chk");

    @Test
    void aBackupGoesToFault() {
        VrrpMachine m = backup("");
        List<VrrpAction> out = m.track(DOWN, T0 + S);
        assertThat(out).containsExactly(new VrrpAction.Log("(VI_1) Entering FAULT STATE", false),
                changed(InstanceState.BACKUP, InstanceState.FAULT, 100));
        assertThat(m.nextDeadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(m.status().transitions().getLast().reason()).isEqualTo("due to script chk");
    }

    @Test
    void aMasterResignsRemovesItsAddressesAndGoesToFault() {
        VrrpMachine m = master("");
        List<VrrpAction> out = m.track(DOWN, m.nextDeadline() - MS);
        assertThat(out).containsExactly(new VrrpAction.Log("(VI_1) Entering FAULT STATE", false), advert(0),
                new VrrpAction.Log("(VI_1) sent 0 priority", true), REMOVE,
                changed(InstanceState.MASTER, InstanceState.FAULT, 100));
        assertThat(m.nextDeadline()).as("no advert and no GARP pending").isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void advertsAreIgnoredInFault() {
        VrrpMachine m = backup("");
        m.track(DOWN, T0 + S);
        assertThat(m.advert(v2(0), HIGHER_IP, T0 + 2 * S)).isEmpty();
        assertThat(m.advert(v2(200), HIGHER_IP, T0 + 2 * S)).isEmpty();
        assertThat(m.state()).isEqualTo(InstanceState.FAULT);
    }

    @Test
    void recoveryGoesToBackupWithAFullDownTimer() {
        VrrpMachine m = master("");
        m.track(DOWN, T0 + 5 * S);
        long t = T0 + 9 * S;
        List<VrrpAction> out = m.track(TrackStatus.ok(100), t);
        assertThat(out).containsExactly(new VrrpAction.Log("(VI_1) Entering BACKUP STATE", false),
                changed(InstanceState.FAULT, InstanceState.BACKUP, 100));
        assertThat(m.nextDeadline() - t).isEqualTo(3_609_375 * US);
        assertThat(m.status().transitions().getLast().reason()).isEqualTo("tracking recovered");
    }

    @Test
    void anOwnerRecoversToBackupToo() {
        // keepalived's try_up_instance: wantstate is FAULT by then, so even priority 255 waits for its timer
        VrrpMachine m = Fixtures.machine("priority 255\n");
        m.start(T0);
        m.track(TrackStatus.faulted(255, "(interface eth0 down)"), T0 + S);
        m.track(TrackStatus.ok(255), T0 + 2 * S);
        assertThat(m.state()).isEqualTo(InstanceState.BACKUP);
        assertThat(m.nextDeadline() - (T0 + 2 * S)).isEqualTo(3_003_906 * US);
    }

    @Test
    void aRepeatedFaultChangesNothing() {
        VrrpMachine m = backup("");
        m.track(DOWN, T0 + S);
        assertThat(m.track(TrackStatus.faulted(100, "(interface eth1 down)"), T0 + 2 * S)).isEmpty();
    }

    @ParameterizedTest(name = "tracked {0} -> effective {1}")
    @CsvSource(textBlock = """
            90,  90
            254, 254
            255, 254
            1,   1
            """)
    void trackersMoveTheEffectivePriorityWithin1To254(int tracked, int effective) {
        VrrpMachine m = backup("");
        m.track(TrackStatus.ok(tracked), T0 + S);
        assertThat(m.status().effectivePriority()).isEqualTo(effective);
        assertThat(m.status().basePriority()).isEqualTo(100);
    }

    @Test
    void aPriorityChangeShiftsTheBackupsDownTimerByTheSkewDifference() {
        VrrpMachine m = backup("");
        long due = m.nextDeadline();
        List<VrrpAction> out = m.track(TrackStatus.ok(150), T0 + S);
        assertThat(logs(out)).containsExactly("(VI_1) Changing effective priority from 100 to 150");
        assertThat(effects(out)).isEmpty();
        assertThat(due - m.nextDeadline()).isEqualTo((609_375 - 414_062) * US);
    }

    @Test
    void aMasterWithALowerEffectivePriorityStaysMasterAndAdvertisesIt() {
        VrrpMachine m = master("garp_master_delay 0\n");
        m.track(TrackStatus.ok(50), m.nextDeadline() - MS);
        assertThat(m.state()).isEqualTo(InstanceState.MASTER);
        assertThat(m.timer(m.nextDeadline())).containsExactly(advert(50));
        m.advert(v2(60), HIGHER_IP, m.nextDeadline() - MS);
        assertThat(m.state()).as("until a higher advert arrives").isEqualTo(InstanceState.BACKUP);
    }
}
