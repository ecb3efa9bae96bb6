package io.fulcrum.check;

import static io.fulcrum.check.HealthFixtures.MAIL;
import static io.fulcrum.check.HealthFixtures.TCP;
import static io.fulcrum.check.HealthFixtures.down;
import static io.fulcrum.check.HealthFixtures.logs;
import static io.fulcrum.check.HealthFixtures.only;
import static io.fulcrum.check.HealthFixtures.rs;
import static io.fulcrum.check.HealthFixtures.state;
import static io.fulcrum.check.HealthFixtures.up;
import static io.fulcrum.check.HealthFixtures.vs;
import static io.fulcrum.check.HealthStateTest.script;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Shutdown (omega, lvs_flush_on_stop) and ha_suspend. */
class HealthStateShutdownTest {

    private static final String VS = "[10.0.0.1]:tcp:80";
    private static final String RS1 = "[10.0.1.1]:tcp:80";
    private static final String RS2 = "[10.0.1.2]:tcp:80";

    private static final String SERVERS = rs(1, "        notify_down /bin/down1\n" + TCP)
            + rs(2, "        inhibit_on_failure\n        notify_down /bin/down2\n" + TCP);

    @Test
    void omegaRunsTheDownScriptsAndMailsAtShutdown() {
        HealthState h = state(vs(MAIL, "    omega\n    smtp_alert\n    quorum_down /bin/qdown\n"
                + "    sorry_server 10.0.9.9 80\n    sorry_server_inhibit\n" + SERVERS));
        HealthFixtures.Table table = new HealthFixtures.Table().apply(h.startActions());
        table.apply(h.onEvent(down(0, 1, 0)));
        assertThat(table.of(0)).isEqualTo("rs0=1 rs1=0 sorry=0");
        List<HealthAction> stop = h.shutdownActions();
        table.apply(stop);
        assertThat(table.of(0)).isEmpty();
        assertThat(stop).containsExactly(
                new HealthAction.RemoveSorryServer(0),
                new HealthAction.Log("Shutting down service " + RS1 + " from VS " + VS),
                new HealthAction.RemoveRealServer(0, 0),
                new HealthAction.RunScript(script("/bin/down1"), true),
                new HealthAction.WriteFifo("RS " + RS1 + " " + VS + " DOWN"),
                new HealthAction.SendAlert("[LB1] Realserver " + RS1 + " of virtual server " + VS + " - DOWN",
                        "=> Shutting down <="),
                new HealthAction.Log("Shutting down (inhibited) service " + RS2 + " from VS " + VS),
                new HealthAction.RemoveRealServer(0, 1),
                new HealthAction.RunScript(script("/bin/qdown"), true),
                new HealthAction.WriteFifo("VS " + VS + " DOWN"),
                new HealthAction.SendAlert("[LB1] Virtualserver " + VS + " - DOWN", "=> Shutting down <="));
        assertThat(h.quorumUp(0)).isFalse();
        assertThat(h.shutdownActions()).isEmpty();
        assertThat(h.onEvent(up(0, 1, 0))).isEmpty();
    }

    @Test
    void withoutOmegaShutdownOnlyEmptiesTheTable() {
        HealthState h = state(vs(MAIL, "    smtp_alert\n    quorum_down /bin/qdown\n" + SERVERS));
        HealthFixtures.Table table = new HealthFixtures.Table().apply(h.startActions());
        List<HealthAction> stop = h.shutdownActions();
        table.apply(stop);
        assertThat(table.of(0)).isEmpty();
        assertThat(stop).noneMatch(a -> a instanceof HealthAction.RunScript || a instanceof HealthAction.SendAlert
                || a instanceof HealthAction.WriteFifo);
        assertThat(logs(stop)).containsExactly("Shutting down service " + RS1 + " from VS " + VS,
                "Shutting down service " + RS2 + " from VS " + VS);
    }

    @Test
    void withLvsFlushOnStopOnlyOmegasVirtualServerNoticesRemain() {
        HealthState h = state(vs(MAIL.replace("}\n", "    lvs_flush_on_stop\n}\n"),
                "    omega\n    quorum_down /bin/qdown\n" + SERVERS));
        h.startActions();
        assertThat(h.shutdownActions()).containsExactly(new HealthAction.RunScript(script("/bin/qdown"), true),
                new HealthAction.WriteFifo("VS " + VS + " DOWN"));
    }

    @Test
    void haSuspendSuspendsAndResumesTheCheckersOfItsVirtualServerOnly() {
        HealthState h = state(vs("", "    ha_suspend\n" + rs(1, TCP + TCP))
                + vs("", rs(1, TCP)).replace("10.0.0.1 80", "10.0.0.2 80"));
        h.startActions();
        assertThat(logs(h.suspend(0))).containsExactly(
                "Suspending healthchecker for service " + RS1 + " for VS " + VS,
                "Suspending healthchecker for service " + RS1 + " for VS " + VS);
        assertThat(h.suspended(0)).isTrue();
        assertThat(h.suspend(0)).isEmpty();
        assertThat(h.suspend(1)).isEmpty();
        assertThat(h.suspended(1)).isFalse();
        // a report already under way still counts
        assertThat(logs(h.onEvent(down(0, 0, 0)))).contains("Removing service " + RS1 + " from VS " + VS);
        assertThat(logs(h.resume(0))).containsExactly(
                "Activating healthchecker for service " + RS1 + " for VS " + VS,
                "Activating healthchecker for service " + RS1 + " for VS " + VS);
        assertThat(h.suspended(0)).isFalse();
        assertThat(h.resume(0)).isEmpty();
    }

    @Test
    void aVirtualServerSuspendedBeforeStartIsDeactivated() {
        HealthState h = state(vs("", "    ha_suspend\n" + rs(1, TCP)));
        assertThat(h.suspend(0)).isEmpty();
        List<HealthAction> start = h.startActions();
        assertThat(logs(start)).endsWith("Deactivating healthchecker for service " + RS1 + " for VS " + VS);
        assertThat(new HealthFixtures.Table().apply(start).of(0)).isEqualTo("rs0=1");
        assertThat(only(h.resume(0), HealthAction.Log.class)).hasSize(1);
    }
}
