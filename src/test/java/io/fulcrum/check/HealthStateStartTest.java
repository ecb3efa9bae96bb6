package io.fulcrum.check;

import static io.fulcrum.check.HealthFixtures.ALPHA_TCP;
import static io.fulcrum.check.HealthFixtures.TCP;
import static io.fulcrum.check.HealthFixtures.logs;
import static io.fulcrum.check.HealthFixtures.rs;
import static io.fulcrum.check.HealthFixtures.state;
import static io.fulcrum.check.HealthFixtures.vs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.RealServer;
import io.fulcrum.config.model.ScriptSpec;
import io.fulcrum.config.model.VirtualServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The health state starts where keepalived's init_service_vs (and the daemon's table loader, which decides the same
 * thing) starts: the same table, the same quorum lines, then the checkers announced.
 */
class HealthStateStartTest {

    private static final String VS = "[10.0.0.1]:tcp:80";

    private static HealthFixtures.Table table(HealthState h) {
        return new HealthFixtures.Table().apply(h.startActions());
    }

    @Test
    void alphaCheckersKeepTheirServerOutOrAtWeightZeroWithInhibit() {
        HealthState h = state(vs("", rs(1, ALPHA_TCP) + rs(2, "        inhibit_on_failure\n" + ALPHA_TCP)
                + rs(3, "        alpha\n") + rs(4, "        weight 3\n" + TCP)));
        List<HealthAction> start = h.startActions();
        assertThat(new HealthFixtures.Table().apply(start).of(0)).isEqualTo("rs1=0 rs2=1 rs3=3");
        assertThat(logs(start)).containsExactly(
                "Adding service [10.0.1.2]:tcp:80 to VS " + VS + " with weight 0 (inhibit_on_failure)",
                "Adding service [10.0.1.3]:tcp:80 to VS " + VS,
                "Adding service [10.0.1.4]:tcp:80 to VS " + VS,
                "Gained quorum 1+0=1 <= 4 for VS " + VS,
                "Activating healthchecker for service [10.0.1.1]:tcp:80 for VS " + VS,
                "Activating healthchecker for service [10.0.1.2]:tcp:80 for VS " + VS,
                "Activating healthchecker for service [10.0.1.4]:tcp:80 for VS " + VS);
        assertThat(h.realServerUp(0, 0)).isFalse();
        assertThat(h.realServerUp(0, 1)).isFalse();
        assertThat(h.realServerUp(0, 2)).isTrue();
        assertThat(h.realServerUp(0, 3)).isTrue();
        assertThat(h.quorumUp(0)).isTrue();
    }

    @Test
    void everyServerAlphaWithASorryServerStartsWithQuorumDown() {
        HealthState h = state(vs("", "    sorry_server 10.0.9.9 80\n" + rs(1, ALPHA_TCP)));
        List<HealthAction> start = h.startActions();
        assertThat(new HealthFixtures.Table().apply(start).of(0)).isEqualTo("sorry=1");
        assertThat(logs(start)).startsWith(
                "Starting with quorum down 1-0=1 > 0 for VS " + VS,
                "Adding sorry server [10.0.9.9]:tcp:80 to VS " + VS,
                "Removing alive servers from the pool for VS " + VS);
        assertThat(h.quorumUp(0)).isFalse();
        assertThat(h.sorryServing(0)).isTrue();
    }

    @Test
    void quorumLostAtStartTakesUpServersOutOrToWeightZero() {
        HealthState h = state(vs("", "    quorum 3\n    sorry_server 10.0.9.9 8080\n    sorry_server_lvs_method NAT\n"
                + rs(1, "        inhibit_on_failure\n") + rs(2, "") + rs(3, ALPHA_TCP)));
        List<HealthAction> start = h.startActions();
        assertThat(new HealthFixtures.Table().apply(start).of(0)).isEqualTo("rs0=0 sorry=1");
        assertThat(logs(start)).contains(
                "Starting with quorum down 3-0=3 > 2 for VS " + VS,
                "Adding sorry server [10.0.9.9]:tcp:8080 to VS " + VS,
                "Removing alive servers from the pool for VS " + VS);
    }

    @Test
    void withoutSorryServerAServerlessStartChangesNothingAndRunsNoScript() {
        HealthState h = state(vs("", "    quorum_down /bin/qdown\n" + rs(1, ALPHA_TCP)));
        List<HealthAction> start = h.startActions();
        assertThat(new HealthFixtures.Table().apply(start).of(0)).isEmpty();
        assertThat(start).noneMatch(a -> a instanceof HealthAction.RunScript);
        assertThat(logs(start)).containsExactly("Activating healthchecker for service [10.0.1.1]:tcp:80 for VS " + VS);
        assertThat(h.quorumUp(0)).isFalse();
    }

    @Test
    void gainingQuorumAtStartRunsQuorumUp() {
        HealthState h = state(vs("", "    quorum_up \"/bin/qup start\"\n" + rs(1, TCP)));
        assertThat(HealthFixtures.only(h.startActions(), HealthAction.RunScript.class))
                .containsExactly(new HealthAction.RunScript(new ScriptSpec(List.of("/bin/qup", "start"),
                        java.util.Optional.empty(), java.util.Optional.empty()), false));
        HealthState mailed = state(vs(HealthFixtures.MAIL, "    smtp_alert\n" + rs(1, TCP)));
        assertThat(HealthFixtures.only(mailed.startActions(), HealthAction.SendAlert.class)).containsExactly(
                new HealthAction.SendAlert("[LB1] Virtualserver " + VS + " - UP",
                        "=> Starting with quorum up 1+0=1 <= 1 <="));
    }

    @Test
    void aSorryServerWithInhibitWaitsAtWeightZeroUnlessItIsARealServer() {
        HealthState h = state(vs("", "    sorry_server 10.0.9.9 80\n    sorry_server_inhibit\n" + rs(1, TCP)));
        List<HealthAction> start = h.startActions();
        assertThat(new HealthFixtures.Table().apply(start).of(0)).isEqualTo("rs0=1 sorry=0");
        assertThat(logs(start)).contains("Adding sorry server [10.0.9.9]:tcp:80 to VS " + VS
                + " with weight 0 (sorry_server_inhibit)");
        HealthState same = state(vs("", "    sorry_server 10.0.1.1 80\n    sorry_server_inhibit\n" + rs(1, TCP)));
        assertThat(table(same).of(0)).isEqualTo("rs0=1");
        HealthState plain = state(vs("", "    sorry_server 10.0.9.9 80\n" + rs(1, TCP)));
        assertThat(table(plain).of(0)).isEqualTo("rs0=1");
        assertThat(plain.sorryServing(0)).isFalse();
    }

    @Test
    void aDuplicatedRealServerIsDroppedWithItsCheckers() {
        // the configuration already drops duplicates; a model built otherwise gets the same treatment
        KeepalivedConfig c = HealthFixtures.config(vs("", rs(1, TCP) + rs(2, TCP)));
        VirtualServer v = c.virtualServers().getFirst();
        RealServer first = v.realServers().get(0);
        VirtualServer dup = new VirtualServer(v.address(), v.protocol(), v.family(), v.scheduler(), v.flags(), v.ops(),
                v.hashed(), v.forwarding(), v.persistence(), v.haSuspend(), v.omega(), v.quorum(), v.sorryServer(),
                v.virtualhost(), v.smtpAlert(), v.snmpName(), v.proxyProtocol(), v.weight(), v.checks(),
                List.of(first, first, v.realServers().get(1)));
        HealthState h = new HealthState(List.of(dup), c.globalDefs(), "host1");
        List<HealthAction> start = h.startActions();
        assertThat(logs(start)).startsWith("VS " + VS + ": real server [10.0.1.1]:tcp:80 is duplicated - removing"
                + " second rs");
        assertThat(new HealthFixtures.Table().apply(start).of(0)).isEqualTo("rs0=1 rs2=1");
        assertThat(h.checkers()).containsExactly(new CheckerId(0, 0, 0), new CheckerId(0, 2, 0));
        assertThat(h.realServerUp(0, 1)).isFalse();
        assertThatThrownBy(() -> h.onEvent(HealthFixtures.down(0, 1, 0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rsInitNotifiesAnnouncesEveryServerThatStartsUp() {
        HealthState h = state(vs(HealthFixtures.MAIL.replace("}\n", "    rs_init_notifies\n}\n"),
                rs(1, "        notify_up /bin/up1\n" + TCP) + rs(2, "        notify_up /bin/up2\n" + ALPHA_TCP)));
        List<HealthAction> start = h.startActions();
        assertThat(HealthFixtures.only(start, HealthAction.RunScript.class))
                .extracting(a -> ((HealthAction.RunScript) a).script().program()).containsExactly("/bin/up1");
        assertThat(HealthFixtures.only(start, HealthAction.WriteFifo.class)).contains(
                new HealthAction.WriteFifo("RS [10.0.1.1]:tcp:80 " + VS + " UP"),
                new HealthAction.WriteFifo("VS " + VS + " UP"));
    }

    @Test
    void startsOnceAndOnlyThenTakesEvents() {
        HealthState h = state(vs("", rs(1, TCP)));
        assertThatThrownBy(() -> h.onEvent(HealthFixtures.down(0, 0, 0))).isInstanceOf(IllegalStateException.class);
        h.startActions();
        assertThatThrownBy(h::startActions).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void namesTargetsAndTimingsForTheDaemon() {
        HealthState h = state("virtual_server fwmark 5 {\n    lvs_sched rr\n    lvs_method DR\n"
                + "    real_server 10.0.1.1 80 {\n        TCP_CHECK {\n            connect_port 8080\n"
                + "            retry 4\n        }\n    }\n}\n");
        CheckTarget t = h.target(new CheckerId(0, 0, 0));
        assertThat(t.vsName()).isEqualTo("FWM 5");
        assertThat(t.rsName()).isEqualTo("[10.0.1.1]:none:0");
        assertThat(h.spec(new CheckerId(0, 0, 0)).keyword()).isEqualTo("TCP_CHECK");
        assertThat(h.timing(new CheckerId(0, 0, 0)).retry()).isEqualTo(4);
        assertThatThrownBy(() -> h.target(new CheckerId(0, 0, 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.target(new CheckerId(1, 0, 0))).isInstanceOf(IllegalArgumentException.class);
    }
}
