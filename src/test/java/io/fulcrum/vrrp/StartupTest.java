package io.fulcrum.vrrp;

import static io.fulcrum.vrrp.Fixtures.ADD;
import static io.fulcrum.vrrp.Fixtures.MS;
import static io.fulcrum.vrrp.Fixtures.T0;
import static io.fulcrum.vrrp.Fixtures.US;
import static io.fulcrum.vrrp.Fixtures.advert;
import static io.fulcrum.vrrp.Fixtures.changed;
import static io.fulcrum.vrrp.Fixtures.effects;
import static io.fulcrum.vrrp.Fixtures.garp;
import static io.fulcrum.vrrp.Fixtures.logs;
import static io.fulcrum.vrrp.Fixtures.machine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** RFC 5798 6.4.1 (Initialize) as keepalived's vrrp_init_state does it. */
class StartupTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            default priority 100            | ''                          | BACKUP | 100
            state MASTER with priority 150  | state MASTER\\npriority 150 | BACKUP | 150
            priority 255 but state BACKUP   | state BACKUP\\npriority 255 | BACKUP | 255
            address owner (priority 255)    | priority 255                | MASTER | 255
            state MASTER without priority   | state MASTER                | MASTER | 255
            """)
    void initialStateFollowsPriorityAndState(String what, String body, InstanceState expected, int priority) {
        VrrpMachine m = machine(body.replace("\\n", "\n") + "\n");
        List<VrrpAction> out = m.start(T0);
        assertThat(m.state()).isEqualTo(expected);
        assertThat(m.status().effectivePriority()).isEqualTo(priority);
        assertThat(effects(out)).contains(changed(InstanceState.INIT, expected, priority));
        assertThat(m.status().transitions()).singleElement()
                .satisfies(t -> assertThat(t.from()).isEqualTo(InstanceState.INIT))
                .satisfies(t -> assertThat(t.to()).isEqualTo(expected));
    }

    @Test
    void backupStartsItsMasterDownTimer() {
        VrrpMachine m = machine("");
        List<VrrpAction> out = m.start(T0);
        assertThat(logs(out)).containsExactly("(VI_1) Entering BACKUP STATE (init)");
        assertThat(effects(out)).containsExactly(changed(InstanceState.INIT, InstanceState.BACKUP, 100));
        // 3 x 1 s + (256 - 100) / 256 s = 3.609375 s
        assertThat(m.nextDeadline() - T0).isEqualTo(3_609_375 * US);
        assertThat(m.status().transitions().getFirst().reason()).isEqualTo("init");
    }

    @Test
    void anAddressOwnerBecomesMasterAtOnceInKeepalivedsOrder() {
        VrrpMachine m = machine("priority 255\n");
        List<VrrpAction> out = m.start(T0);
        assertThat(effects(out)).containsExactly(advert(255), ADD, garp(5, "master"),
                changed(InstanceState.INIT, InstanceState.MASTER, 255));
        assertThat(logs(out)).containsExactly("(VI_1) Entering MASTER STATE");
        assertThat(m.nextDeadline()).as("next advert in advert_int").isEqualTo(T0 + 1000 * MS);
        assertThat(m.status().master()).hasValueSatisfying(x -> assertThat(x.priority()).isEqualTo(255));
    }

    @Test
    void aTrackerFaultAtStartEntersFaultInit() {
        VrrpMachine m = machine("");
        assertThat(m.track(TrackStatus.faulted(100, "(interface eth0 down)"), T0)).isEmpty();
        List<VrrpAction> out = m.start(T0);
        assertThat(logs(out)).containsExactly("(VI_1): entering FAULT state (interface eth0 down)",
                "(VI_1) Entering FAULT STATE (init)");
        assertThat(effects(out)).containsExactly(changed(InstanceState.INIT, InstanceState.FAULT, 100));
        assertThat(m.nextDeadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(m.status().transitions().getFirst().reason()).isEqualTo("(interface eth0 down)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            (interface eth0 down)                   | (VI_1): entering FAULT state (interface eth0 down)
            due to script chk                       | (VI_1): entering FAULT state due to script chk
            (tracked file F has status -254)        | (VI_1): entering FAULT state (tracked file F has status -254)
            (tracked process P quorum not achieved) | (VI_1) entering FAULT state (tracked process P quorum not achieved)
            """)
    void theInitFaultLineHasKeepalivedsShapeForEachKind(String reason, String line) {
        VrrpMachine m = machine("");
        m.track(TrackStatus.faulted(100, reason), T0);
        assertThat(logs(m.start(T0))).first().isEqualTo(line);
    }

    @Test
    void aPriorityTrackedBeforeStartIsLoggedAndUsed() {
        VrrpMachine m = machine("");
        assertThat(logs(m.track(TrackStatus.ok(90), T0)))
                .containsExactly("(VI_1) Changing effective priority from 100 to 90");
        m.start(T0);
        assertThat(m.status().effectivePriority()).isEqualTo(90);
        assertThat(m.status().basePriority()).isEqualTo(100);
        // skew (256 - 90) / 256 s = 648437.5 us, truncated
        assertThat(m.nextDeadline() - T0).isEqualTo(3_648_437 * US);
    }

    @Test
    void startingTwiceIsAProgrammingError() {
        VrrpMachine m = machine("");
        m.start(T0);
        assertThatThrownBy(() -> m.start(T0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void beforeStartNothingIsDueAndAdvertsAreIgnored() {
        VrrpMachine m = machine("");
        assertThat(m.nextDeadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(m.status().state()).isEqualTo(InstanceState.INIT);
        assertThat(m.advert(Fixtures.v2(200), Fixtures.HIGHER_IP, T0)).isEmpty();
    }
}
