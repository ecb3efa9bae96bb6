package io.fulcrum.vrrp;

import static io.fulcrum.vrrp.Fixtures.HIGHER_IP;
import static io.fulcrum.vrrp.Fixtures.LOWER_IP;
import static io.fulcrum.vrrp.Fixtures.MS;
import static io.fulcrum.vrrp.Fixtures.S;
import static io.fulcrum.vrrp.Fixtures.T0;
import static io.fulcrum.vrrp.Fixtures.backup;
import static io.fulcrum.vrrp.Fixtures.logs;
import static io.fulcrum.vrrp.Fixtures.v2;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 5798 6.4.2 preemption as keepalived's vrrp_state_backup applies it: nopreempt and preempt_delay. */
class PreemptionTest {

    @ParameterizedTest(name = "own {0}, nopreempt {1}, advert {2}: accepted {3}")
    @CsvSource(textBlock = """
            100, false, 150, true
            100, false, 100, true
            100, false,  99, false
            100, false,   1, false
            100, true,   50, true
            100, true,  200, true
            254, false, 253, false
            """)
    void aBackupAcceptsAdvertsOfAtLeastItsPriorityOrAnyWithNopreempt(int own, boolean nopreempt, int prio,
            boolean accepted) {
        VrrpMachine m = backup("priority " + own + "\n" + (nopreempt ? "nopreempt\n" : ""));
        long before = m.nextDeadline();
        long t = T0 + 1_000 * MS;
        List<VrrpAction> out = m.advert(v2(prio), LOWER_IP, t);
        if (accepted) {
            assertThat(out).isEmpty();
            assertThat(m.nextDeadline()).isGreaterThan(before);
            assertThat(m.status().master()).hasValue(new InstanceStatus.Master(LOWER_IP, prio));
        } else {
            assertThat(logs(out)).containsExactly(
                    "(VI_1) received lower priority (" + prio + ") advert from 10.0.0.5 - discarding");
            assertThat(m.nextDeadline()).as("the timer keeps running, so the backup takes over").isEqualTo(before);
            assertThat(m.status().master()).isEmpty();
        }
    }

    @Test
    void aPreemptingBackupTakesOverFromALowerMasterWhenItsTimerRunsOut() {
        VrrpMachine m = backup("priority 150\n");
        long t = T0;
        for (int i = 0; i < 3; i++) {
            t += S;
            m.advert(v2(100), LOWER_IP, t);
        }
        assertThat(m.state()).isEqualTo(InstanceState.BACKUP);
        m.timer(m.nextDeadline());
        assertThat(m.state()).isEqualTo(InstanceState.MASTER);
        // 3 x 1 s + (256 - 150) / 256 s after start
        assertThat(m.status().transitions().getLast().atNanos() - T0).isEqualTo(3_414_062_000L);
    }

    @Test
    void preemptDelayAcceptsLowerAdvertsUntilTheDelayAfterTheFirstOneRunsOut() {
        // keepalived: the delay starts at the first lower-priority advert, not at start-up
        VrrpMachine m = backup("priority 128\npreempt_delay 2\n");
        long first = T0 + 500 * MS;
        List<VrrpAction> out = m.advert(v2(100), LOWER_IP, first);
        assertThat(logs(out)).containsExactly("D (VI_1) start preempt delay (2.000000)");
        assertThat(m.advert(v2(100), LOWER_IP, first + S)).isEmpty();
        assertThat(m.advert(v2(100), LOWER_IP, first + 2 * S - 1)).as("still inside the delay").isEmpty();
        long lastAccepted = first + 2 * S - 1;
        assertThat(logs(m.advert(v2(100), LOWER_IP, first + 2 * S)))
                .containsExactly("(VI_1) received lower priority (100) advert from 10.0.0.5 - discarding");
        m.timer(m.nextDeadline());
        assertThat(m.state()).isEqualTo(InstanceState.MASTER);
        // a 1 s advert, prio 128: down = 3.5 s after the last accepted advert (~5.5 s after the first)
        assertThat(m.status().transitions().getLast().atNanos() - lastAccepted).isEqualTo(3_500_000_000L);
    }

    @Test
    void aHigherAdvertStopsThePreemptDelay() {
        VrrpMachine m = backup("priority 128\npreempt_delay 2.5\n");
        assertThat(logs(m.advert(v2(100), LOWER_IP, T0 + S)))
                .containsExactly("D (VI_1) start preempt delay (2.500000)");
        assertThat(logs(m.advert(v2(200), HIGHER_IP, T0 + 2 * S))).containsExactly("D (VI_1) stop preempt delay");
        assertThat(logs(m.advert(v2(100), LOWER_IP, T0 + 3 * S)))
                .as("a new lower advert starts a new delay")
                .containsExactly("D (VI_1) start preempt delay (2.500000)");
    }

    @Test
    void nopreemptKeepsFollowingALowerMaster() {
        VrrpMachine m = backup("priority 200\nnopreempt\n");
        for (int i = 1; i <= 10; i++) {
            assertThat(m.advert(v2(50), LOWER_IP, T0 + i * S)).isEmpty();
        }
        assertThat(m.state()).isEqualTo(InstanceState.BACKUP);
        assertThat(m.nextDeadline()).isEqualTo(T0 + 10 * S + 3_218_750_000L);
    }
}
