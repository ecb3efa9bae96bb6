package io.fulcrum.vrrp;

import static io.fulcrum.vrrp.Fixtures.MS;
import static io.fulcrum.vrrp.Fixtures.REMOVE;
import static io.fulcrum.vrrp.Fixtures.S;
import static io.fulcrum.vrrp.Fixtures.T0;
import static io.fulcrum.vrrp.Fixtures.advert;
import static io.fulcrum.vrrp.Fixtures.backup;
import static io.fulcrum.vrrp.Fixtures.changed;
import static io.fulcrum.vrrp.Fixtures.master;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Shutdown: keepalived's restore_vrrp_interfaces, then the STOP notifies. */
class StopTest {

    @Test
    void aMasterResignsAndRemovesItsAddresses() {
        VrrpMachine m = master("");
        long t = m.nextDeadline() - 10 * MS;
        List<VrrpAction> out = m.stop(t);
        assertThat(out).containsExactly(advert(0), new VrrpAction.Log("(VI_1) sent 0 priority", true), REMOVE,
                changed(InstanceState.MASTER, InstanceState.STOP, 100));
        assertThat(m.nextDeadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(m.status().transitions().getLast().reason()).isEqualTo("stop");
    }

    @Test
    void aBackupJustStops() {
        VrrpMachine m = backup("");
        assertThat(m.stop(T0 + S)).containsExactly(changed(InstanceState.BACKUP, InstanceState.STOP, 100));
        assertThat(m.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void stoppingTwiceDoesNothingAndAStoppedMachineIgnoresEverything() {
        VrrpMachine m = master("");
        m.stop(T0 + S);
        assertThat(m.stop(T0 + 2 * S)).isEmpty();
        assertThat(m.advert(Fixtures.v2(0), Fixtures.HIGHER_IP, T0 + 3 * S)).isEmpty();
        assertThat(m.timer(T0 + 100 * S)).isEmpty();
        assertThat(m.track(TrackStatus.faulted(100, "x"), T0 + 4 * S)).isEmpty();
        assertThat(m.state()).isEqualTo(InstanceState.STOP);
    }

    @Test
    void anUnstartedMachineCanStop() {
        VrrpMachine m = Fixtures.machine("");
        assertThat(m.stop(T0)).containsExactly(changed(InstanceState.INIT, InstanceState.STOP, 100));
    }
}
