package io.fulcrum.vrrp;

import static io.fulcrum.vrrp.Fixtures.HIGHER_IP;
import static io.fulcrum.vrrp.Fixtures.OURS;
import static io.fulcrum.vrrp.Fixtures.S;
import static io.fulcrum.vrrp.Fixtures.T0;
import static io.fulcrum.vrrp.Fixtures.backup;
import static io.fulcrum.vrrp.Fixtures.v2;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The status snapshot and its bounded transition history. */
class StatusTest {

    @Test
    void theSnapshotDescribesTheInstance() {
        VrrpMachine m = backup("priority 120\nadvert_int 2\n");
        InstanceStatus s = m.status();
        assertThat(s.name()).isEqualTo("VI_1");
        assertThat(s.vrid()).isEqualTo(51);
        assertThat(s.state()).isEqualTo(InstanceState.BACKUP);
        assertThat(s.basePriority()).isEqualTo(120);
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.master()).isEmpty();
        m.timer(m.nextDeadline());
        assertThat(m.status().master()).hasValue(new InstanceStatus.Master(OURS, 120));
    }

    @Test
    void onlyTheLastTransitionsAreKept() {
        VrrpMachine m = backup("");
        long t = T0;
        for (int i = 0; i < 15; i++) {
            t = m.nextDeadline();
            m.timer(t);
            m.advert(v2(200), HIGHER_IP, t + 1);
        }
        assertThat(m.status().transitions()).hasSize(VrrpMachine.HISTORY);
        assertThat(m.status().transitions().getLast().atNanos()).isEqualTo(t + 1);
        assertThat(m.status().transitions().getFirst().from()).as("31 transitions, the 12th first")
                .isEqualTo(InstanceState.BACKUP);
        assertThat(t).isGreaterThan(T0 + S);
    }
}
