package io.fulcrum.vrrp;

import static io.fulcrum.vrrp.Fixtures.HIGHER_IP;
import static io.fulcrum.vrrp.Fixtures.LOWER_IP;
import static io.fulcrum.vrrp.Fixtures.MS;
import static io.fulcrum.vrrp.Fixtures.OURS;
import static io.fulcrum.vrrp.Fixtures.REMOVE;
import static io.fulcrum.vrrp.Fixtures.US;
import static io.fulcrum.vrrp.Fixtures.advert;
import static io.fulcrum.vrrp.Fixtures.changed;
import static io.fulcrum.vrrp.Fixtures.effects;
import static io.fulcrum.vrrp.Fixtures.garp;
import static io.fulcrum.vrrp.Fixtures.ip;
import static io.fulcrum.vrrp.Fixtures.logs;
import static io.fulcrum.vrrp.Fixtures.master;
import static io.fulcrum.vrrp.Fixtures.v2;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 5798 6.4.3 (Master) receiving adverts, with keepalived's log lines and tie-break on the source address. */
class MasterReceiveTest {

    @ParameterizedTest(name = "ours 100 from 10.0.0.10, advert {0} from {1} -> {2}")
    @CsvSource(textBlock = """
            150, 10.0.0.5,  BACKUP
            101, 10.0.0.20, BACKUP
            100, 10.0.0.20, BACKUP
            100, 10.0.0.5,  MASTER
            100, 10.0.0.10, MASTER
             99, 10.0.0.20, MASTER
              1, 10.0.0.20, MASTER
            """)
    void higherPriorityOrEqualPriorityFromAHigherAddressWins(int prio, String from, InstanceState expected) {
        VrrpMachine m = master("");
        m.advert(v2(prio), ip(from), m.nextDeadline() - 10 * MS);
        assertThat(m.state()).isEqualTo(expected);
    }

    @Test
    void aHigherAdvertMakesTheMasterABackupWithoutResigning() {
        VrrpMachine m = master("");
        long t = m.nextDeadline() - 100 * MS;
        List<VrrpAction> out = m.advert(v2(150), HIGHER_IP, t);
        assertThat(logs(out)).containsExactly(
                "(VI_1) Master received advert from 10.0.0.20 with higher priority 150, ours 100",
                "(VI_1) Entering BACKUP STATE");
        assertThat(effects(out)).containsExactly(REMOVE, changed(InstanceState.MASTER, InstanceState.BACKUP, 100));
        assertThat(m.nextDeadline() - t).isEqualTo(3_609_375 * US);
        assertThat(m.status().master()).hasValue(new InstanceStatus.Master(HIGHER_IP, 150));
        assertThat(m.status().transitions().getLast().reason()).isEqualTo("higher priority 150 from 10.0.0.20");
    }

    @Test
    void anEqualAdvertFromAHigherAddressIsLoggedAsSuch() {
        VrrpMachine m = master("");
        assertThat(logs(m.advert(v2(100), HIGHER_IP, m.nextDeadline() - MS))).containsExactly(
                "(VI_1) Master received advert from 10.0.0.20 with same priority 100 but higher IP address than ours",
                "(VI_1) Entering BACKUP STATE");
    }

    @Test
    void aLowerAdvertForcesANewElection() {
        VrrpMachine m = master("garp_lower_prio_repeat 3\ngarp_lower_prio_delay 0\n");
        long t = m.nextDeadline() - 300 * MS;
        List<VrrpAction> out = m.advert(v2(50), LOWER_IP, t);
        assertThat(logs(out)).containsExactly(
                "(VI_1) Received advert from 10.0.0.5 with lower priority 50, ours 100, forcing new election");
        assertThat(effects(out)).containsExactly(advert(100), garp(3, "lower priority"),
                new VrrpAction.MasterRxLowerPriority(50));
        assertThat(m.state()).isEqualTo(InstanceState.MASTER);
        assertThat(m.nextDeadline()).as("the advert just sent restarts the advert timer").isEqualTo(t + 1000 * MS);
    }

    @Test
    void anEqualAdvertFromALowerAddressIsALowerAdvert() {
        VrrpMachine m = master("");
        assertThat(logs(m.advert(v2(100), LOWER_IP, m.nextDeadline() - MS))).containsExactly(
                "(VI_1) Received advert from 10.0.0.5 with lower priority 100, ours 100, forcing new election");
    }

    @Test
    void anEqualAdvertFromOurOwnAddressIsOnlyWarnedAbout() {
        VrrpMachine m = master("");
        List<VrrpAction> out = m.advert(v2(100), OURS, m.nextDeadline() - MS);
        assertThat(logs(out)).containsExactly(
                "(VI_1) WARNING - equal priority advert received from remote host with our IP address.");
        assertThat(effects(out)).isEmpty();
        assertThat(m.state()).isEqualTo(InstanceState.MASTER);
    }

    @Test
    void anAdvertOfTheOtherFamilyNeverWinsATie() {
        VrrpMachine m = master("");
        IpAddress v6 = ip("fe80::1");
        m.advert(v2(100), v6, m.nextDeadline() - MS);
        assertThat(m.state()).isEqualTo(InstanceState.MASTER);
    }
}
