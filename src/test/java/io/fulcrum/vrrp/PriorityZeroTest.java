package io.fulcrum.vrrp;

import static io.fulcrum.vrrp.Fixtures.HIGHER_IP;
import static io.fulcrum.vrrp.Fixtures.MS;
import static io.fulcrum.vrrp.Fixtures.T0;
import static io.fulcrum.vrrp.Fixtures.US;
import static io.fulcrum.vrrp.Fixtures.advert;
import static io.fulcrum.vrrp.Fixtures.backup;
import static io.fulcrum.vrrp.Fixtures.logs;
import static io.fulcrum.vrrp.Fixtures.master;
import static io.fulcrum.vrrp.Fixtures.v2;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 5798 6.4.2 / 6.4.3: a resigning master (priority 0) and the fast takeover it allows. */
class PriorityZeroTest {

    @Test
    void aBackupTakesOverSkewTimeAfterAPriorityZeroAdvert() {
        VrrpMachine m = backup("priority 150\n");
        long t = T0 + 1_200 * MS;
        List<VrrpAction> out = m.advert(v2(0), HIGHER_IP, t);
        assertThat(logs(out)).containsExactly("D (VI_1) Backup received priority 0 advertisement");
        assertThat(m.nextDeadline() - t).isEqualTo(414_062 * US);
        m.timer(m.nextDeadline());
        assertThat(m.state()).isEqualTo(InstanceState.MASTER);
    }

    @Test
    void aMasterAnswersAPriorityZeroAdvertAtOnce() {
        VrrpMachine m = master("");
        long t = m.nextDeadline() - 400 * MS;
        List<VrrpAction> out = m.advert(v2(0), HIGHER_IP, t);
        assertThat(out).containsExactly(advert(100),
                new VrrpAction.Log("(VI_1) Master received priority 0 message", true));
        assertThat(m.state()).isEqualTo(InstanceState.MASTER);
        assertThat(m.nextDeadline()).isEqualTo(t + 1_000 * MS);
    }

    @Test
    void aMasterResignsWithPriorityZeroWhenItStops() {
        VrrpMachine m = master("");
        assertThat(m.stop(m.nextDeadline() - MS)).startsWith(advert(0),
                new VrrpAction.Log("(VI_1) sent 0 priority", true));
    }
}
