package io.fulcrum.vrrp;

import static io.fulcrum.vrrp.Fixtures.ADD;
import static io.fulcrum.vrrp.Fixtures.HIGHER_IP;
import static io.fulcrum.vrrp.Fixtures.MS;
import static io.fulcrum.vrrp.Fixtures.T0;
import static io.fulcrum.vrrp.Fixtures.US;
import static io.fulcrum.vrrp.Fixtures.advert;
import static io.fulcrum.vrrp.Fixtures.backup;
import static io.fulcrum.vrrp.Fixtures.changed;
import static io.fulcrum.vrrp.Fixtures.effects;
import static io.fulcrum.vrrp.Fixtures.garp;
import static io.fulcrum.vrrp.Fixtures.logs;
import static io.fulcrum.vrrp.Fixtures.v2;
import static io.fulcrum.vrrp.Fixtures.v3;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 5798 6.4.2 (Backup) timers: Skew_Time and Master_Down_Interval as keepalived computes them (vrrp.h). */
class BackupTimerTest {

    @ParameterizedTest(name = "v{0} prio {1} advert_int {2}: skew {3} us, down {4} us")
    @CsvSource(textBlock = """
            2, 100, 1,   609375,  3609375
            2, 150, 1,   414062,  3414062
            2, 254, 1,     7812,  3007812
            2, 100, 3,   609375,  9609375
            3, 100, 0.1,  60937,   360937
            3, 150, 0.1,  41406,   341406
            3, 254, 0.1,    781,   300781
            3, 100, 1,   609375,  3609375
            """)
    void skewAndMasterDownIntervalToTheMicrosecond(int version, int prio, String interval, long skewUs,
            long downUs) {
        VrrpMachine m = backup("version " + version + "\npriority " + prio + "\nadvert_int " + interval + "\n");
        assertThat(m.nextDeadline() - T0).isEqualTo(downUs * US);
        long advertUs = (long) (Double.parseDouble(interval) * 1_000_000);
        assertThat(TimerMath.skewMicros(version, prio, advertUs)).isEqualTo(skewUs);
        // a priority-0 advert cuts the timer to Skew_Time
        VrrpAdvert zero = version == 2 ? v2(0) : v3(0, Duration.ofNanos(advertUs * 1000));
        m.advert(zero, HIGHER_IP, T0 + 5 * MS);
        assertThat(m.nextDeadline() - (T0 + 5 * MS)).isEqualTo(skewUs * US);
    }

    @Test
    void downTimerAdvertsMultipliesTheInterval() {
        VrrpMachine m = backup("down_timer_adverts 5\n");
        assertThat(m.nextDeadline() - T0).isEqualTo(5_609_375 * US);
    }

    @Test
    void anAcceptedAdvertRestartsTheMasterDownTimer() {
        VrrpMachine m = backup("");
        long t = T0 + 2_500 * MS;
        assertThat(m.advert(v2(150), HIGHER_IP, t)).isEmpty();
        assertThat(m.nextDeadline() - t).isEqualTo(3_609_375 * US);
        assertThat(m.status().master()).hasValue(new InstanceStatus.Master(HIGHER_IP, 150));
    }

    @Test
    void theTimerExpiringMakesTheBackupMasterInKeepalivedsOrder() {
        VrrpMachine m = backup("");
        long t = m.nextDeadline();
        assertThat(m.timer(t - 1)).as("nothing due before the deadline").isEmpty();
        List<VrrpAction> out = m.timer(t);
        assertThat(out).containsExactly(new VrrpAction.Log("(VI_1) Receive advertisement timeout", true),
                advert(100), new VrrpAction.Log("(VI_1) Entering MASTER STATE", false), ADD, garp(5, "master"),
                changed(InstanceState.BACKUP, InstanceState.MASTER, 100));
        assertThat(m.status().transitions().getLast().reason()).isEqualTo("advertisement timeout");
        assertThat(m.status().transitions().getLast().atNanos()).isEqualTo(t);
    }

    @Test
    void aMasterSendsAnAdvertEveryInterval() {
        VrrpMachine m = backup("garp_master_delay 0\n");
        long t = m.nextDeadline();
        m.timer(t);
        for (int i = 1; i <= 3; i++) {
            assertThat(m.nextDeadline()).isEqualTo(t + i * 1000 * MS);
            assertThat(m.timer(m.nextDeadline())).containsExactly(advert(100));
        }
    }

    @Test
    void theTimerDoesNothingInFault() {
        VrrpMachine m = backup("");
        m.track(TrackStatus.faulted(100, "(interface eth0 down)"), T0 + MS);
        assertThat(m.nextDeadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(m.timer(T0 + 10_000 * MS)).isEmpty();
    }

    @Test
    void logsOfALateTimerAreStillInOrder() {
        VrrpMachine m = backup("");
        List<VrrpAction> out = m.timer(m.nextDeadline() + 700 * MS);
        assertThat(logs(out)).containsExactly("D (VI_1) Receive advertisement timeout", "(VI_1) Entering MASTER STATE");
        assertThat(effects(out)).hasSize(4);
    }
}
