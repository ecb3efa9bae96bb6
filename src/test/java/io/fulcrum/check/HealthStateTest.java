package io.fulcrum.check;

import static io.fulcrum.check.HealthFixtures.ALPHA_TCP;
import static io.fulcrum.check.HealthFixtures.MAIL;
import static io.fulcrum.check.HealthFixtures.TCP;
import static io.fulcrum.check.HealthFixtures.down;
import static io.fulcrum.check.HealthFixtures.logs;
import static io.fulcrum.check.HealthFixtures.only;
import static io.fulcrum.check.HealthFixtures.rs;
import static io.fulcrum.check.HealthFixtures.state;
import static io.fulcrum.check.HealthFixtures.up;
import static io.fulcrum.check.HealthFixtures.vs;
import static io.fulcrum.check.HealthFixtures.weight;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Checker reports turned into table changes, lines, scripts, alerts and FIFO lines, as ipwrapper.c does. */
class HealthStateTest {

    private static final String VS = "[10.0.0.1]:tcp:80";
    private static final String RS1 = "[10.0.1.1]:tcp:80";
    private static final String RS2 = "[10.0.1.2]:tcp:80";

    /** A started state and its table. */
    private record Run(HealthState state, HealthFixtures.Table table) {
        List<HealthAction> on(HealthEvent e) {
            List<HealthAction> actions = state.onEvent(e);
            table.apply(actions);
            return actions;
        }
    }

    private static Run start(String config) {
        HealthState h = state(config);
        return new Run(h, new HealthFixtures.Table().apply(h.startActions()));
    }

    @Test
    void aRealServerIsUpOnlyWhileAllItsCheckersAre() {
        Run r = start(vs("", rs(1, TCP + TCP) + rs(2, "")));
        assertThat(logs(r.on(down(0, 0, 0)))).containsExactly("Removing service " + RS1 + " from VS " + VS);
        assertThat(r.table().of(0)).isEqualTo("rs1=1");
        assertThat(r.on(down(0, 0, 1))).isEmpty();
        assertThat(r.on(up(0, 0, 0))).isEmpty();
        assertThat(r.state().realServerUp(0, 0)).isFalse();
        assertThat(logs(r.on(up(0, 0, 1)))).containsExactly("Adding service " + RS1 + " to VS " + VS);
        assertThat(r.table().of(0)).isEqualTo("rs0=1 rs1=1");
        // repeated reports change nothing; a server without checkers stays up throughout
        assertThat(r.on(up(0, 0, 1))).isEmpty();
        assertThat(r.state().realServerUp(0, 1)).isTrue();
    }

    @Test
    void inhibitOnFailureDisablesAtWeightZeroInsteadOfRemoving() {
        Run r = start(vs("", rs(1, "        weight 4\n        inhibit_on_failure\n" + TCP) + rs(2, TCP)));
        assertThat(r.table().of(0)).isEqualTo("rs0=4 rs1=1");
        List<HealthAction> d = r.on(down(0, 0, 0));
        assertThat(logs(d)).containsExactly("Disabling service " + RS1 + " of VS " + VS);
        assertThat(only(d, HealthAction.SetRealServerWeight.class))
                .containsExactly(new HealthAction.SetRealServerWeight(0, 0, 0));
        assertThat(r.table().of(0)).isEqualTo("rs0=0 rs1=1");
        assertThat(logs(r.on(up(0, 0, 0)))).containsExactly("Enabling service " + RS1 + " of VS " + VS);
        assertThat(r.table().of(0)).isEqualTo("rs0=4 rs1=1");
    }

    @Test
    void anAlphaServerComesInOnItsFirstSuccessAndAFirstFailureOnlyNotifies() {
        Run r = start(vs(MAIL, rs(1, "        notify_down /bin/down1\n" + ALPHA_TCP) + rs(2, TCP)));
        assertThat(r.table().of(0)).isEqualTo("rs1=1");
        List<HealthAction> first = r.on(down(0, 0, 0));
        assertThat(first).containsExactly(new HealthAction.RunScript(script("/bin/down1"), false),
                new HealthAction.WriteFifo("RS " + RS1 + " " + VS + " DOWN"));
        assertThat(r.on(down(0, 0, 0))).isEmpty();
        assertThat(logs(r.on(up(0, 0, 0)))).containsExactly("Adding service " + RS1 + " to VS " + VS);
        assertThat(r.table().of(0)).isEqualTo("rs0=1 rs1=1");
    }

    @Test
    void dynamicWeightsChangeTheTableAndTheQuorum() {
        Run r = start(vs("", "    quorum 3\n" + rs(1, "        weight 3\n" + TCP) + rs(2, TCP)));
        assertThat(r.state().quorumUp(0)).isTrue();
        List<HealthAction> w = r.on(weight(0, 0, 0, 1));
        assertThat(logs(w)).containsExactly("Changing weight from 3 to 1 for active service " + RS1 + " of VS " + VS,
                "Lost quorum 3-0=3 > 2 for VS " + VS);
        assertThat(r.table().of(0)).isEqualTo("rs0=1 rs1=1");
        assertThat(r.on(weight(0, 0, 0, 1))).isEmpty();
        // a weight for a down server waits for it to come back
        r.on(down(0, 0, 0));
        assertThat(logs(r.on(weight(0, 0, 0, 7))))
                .containsExactly("Changing weight from 1 to 7 for inactive service " + RS1 + " of VS " + VS);
        assertThat(r.table().of(0)).isEqualTo("rs1=1");
        assertThat(logs(r.on(up(0, 0, 0)))).containsExactly("Adding service " + RS1 + " to VS " + VS,
                "Gained quorum 3+0=3 <= 8 for VS " + VS);
        assertThat(r.table().of(0)).isEqualTo("rs0=7 rs1=1");
        // IPVS weights are clamped
        r.on(weight(0, 0, 0, -4));
        assertThat(r.table().of(0)).isEqualTo("rs0=0 rs1=1");
        assertThat(r.state().realServerWeight(0, 0)).isZero();
        r.on(weight(0, 0, 0, 5_000_000_000L));
        assertThat(r.state().realServerWeight(0, 0)).isEqualTo(Integer.MAX_VALUE);
    }

    /** quorum 3, hysteresis 1 over four servers of weight 1: gained at 4, kept down to 2, lost at 1. */
    @Test
    void quorumWithHysteresisIsGainedAndLostAtTheExactThresholds() {
        Run r = start(vs(MAIL, "    quorum 3\n    hysteresis 1\n    smtp_alert\n    quorum_up /bin/qup\n"
                + "    quorum_down /bin/qdown\n" + rs(1, TCP) + rs(2, TCP) + rs(3, TCP) + rs(4, TCP)));
        assertThat(r.state().quorumUp(0)).isTrue();
        r.on(down(0, 0, 0));
        r.on(down(0, 1, 0));
        assertThat(r.state().quorumUp(0)).isTrue();
        List<HealthAction> lost = r.on(down(0, 2, 0));
        assertThat(logs(lost)).containsExactly("Removing service [10.0.1.3]:tcp:80 from VS " + VS,
                "Lost quorum 3-1=2 > 1 for VS " + VS);
        assertThat(HealthFixtures.without(lost, HealthAction.Log.class)).containsExactly(
                new HealthAction.RemoveRealServer(0, 2),
                new HealthAction.WriteFifo("RS [10.0.1.3]:tcp:80 " + VS + " DOWN"),
                new HealthAction.RunScript(script("/bin/qdown"), false),
                new HealthAction.WriteFifo("VS " + VS + " DOWN"),
                new HealthAction.SendAlert("[LB1] Virtualserver " + VS + " - DOWN", "=> Lost quorum 3+1=2 <= 1 <="),
                new HealthAction.SendAlert("[LB1] Realserver [10.0.1.3]:tcp:80 of virtual server " + VS + " - DOWN",
                        "=> TCP CHECK failed on service <="));
        assertThat(r.state().quorumUp(0)).isFalse();
        r.on(up(0, 2, 0));
        r.on(up(0, 1, 0));
        assertThat(r.state().quorumUp(0)).isFalse();
        List<HealthAction> gained = r.on(up(0, 0, 0));
        assertThat(logs(gained)).containsExactly("Adding service " + RS1 + " to VS " + VS,
                "Gained quorum 3+1=4 <= 4 for VS " + VS);
        assertThat(gained).contains(new HealthAction.RunScript(script("/bin/qup"), false),
                new HealthAction.WriteFifo("VS " + VS + " UP"),
                new HealthAction.SendAlert("[LB1] Virtualserver " + VS + " - UP", "=> Gained quorum 3+1=4 <= 4 <="));
        assertThat(r.state().quorumUp(0)).isTrue();
    }

    @Test
    void theSorryServerTakesOverWithoutQuorumAndLeavesWhenItIsBack() {
        Run r = start(vs("", "    quorum 2\n    sorry_server 10.0.9.9 80\n" + rs(1, TCP) + rs(2, TCP)));
        assertThat(r.table().of(0)).isEqualTo("rs0=1 rs1=1");
        assertThat(logs(r.on(down(0, 0, 0)))).containsExactly("Removing service " + RS1 + " from VS " + VS,
                "Lost quorum 2-0=2 > 1 for VS " + VS,
                "Adding sorry server [10.0.9.9]:tcp:80 to VS " + VS,
                "Removing alive servers from the pool for VS " + VS);
        assertThat(r.table().of(0)).isEqualTo("sorry=1");
        assertThat(r.state().sorryServing(0)).isTrue();
        // while the sorry server serves, a server coming back is not put in the table by itself
        r.on(down(0, 1, 0));
        assertThat(r.table().of(0)).isEqualTo("sorry=1");
        assertThat(logs(r.on(up(0, 1, 0)))).containsExactly("Adding service " + RS2 + " to VS " + VS);
        assertThat(r.table().of(0)).isEqualTo("sorry=1");
        assertThat(logs(r.on(up(0, 0, 0)))).containsExactly("Adding service " + RS1 + " to VS " + VS,
                "Gained quorum 2+0=2 <= 2 for VS " + VS,
                "Removing sorry server [10.0.9.9]:tcp:80 from VS " + VS,
                "Adding alive servers to the pool for VS " + VS);
        assertThat(r.table().of(0)).isEqualTo("rs0=1 rs1=1");
        assertThat(r.state().sorryServing(0)).isFalse();
    }

    @Test
    void sorryServerInhibitSwitchesItsWeightInsteadOfItsPresence() {
        Run r = start(vs("", "    sorry_server 10.0.9.9 80\n    sorry_server_inhibit\n"
                + rs(1, "        inhibit_on_failure\n" + TCP)));
        assertThat(r.table().of(0)).isEqualTo("rs0=1 sorry=0");
        assertThat(logs(r.on(down(0, 0, 0)))).containsExactly("Disabling service " + RS1 + " of VS " + VS,
                "Lost quorum 1-0=1 > 0 for VS " + VS,
                "Enabling sorry server [10.0.9.9]:tcp:80 to VS " + VS,
                "Removing alive servers from the pool for VS " + VS);
        assertThat(r.table().of(0)).isEqualTo("rs0=0 sorry=1");
        assertThat(logs(r.on(up(0, 0, 0)))).containsExactly("Enabling service " + RS1 + " of VS " + VS,
                "Gained quorum 1+0=1 <= 1 for VS " + VS,
                "Disabling sorry server [10.0.9.9]:tcp:80 from VS " + VS,
                "Adding alive servers to the pool for VS " + VS);
        assertThat(r.table().of(0)).isEqualTo("rs0=1 sorry=0");
    }

    @Test
    void realServerScriptsFifoLinesAndAlerts() {
        Run r = start(vs(MAIL, rs(1, "        notify_up /bin/up1\n        notify_down /bin/down1\n" + TCP)));
        List<HealthAction> d = r.on(down(0, 0, 0));
        assertThat(HealthFixtures.without(d, HealthAction.Log.class)).containsExactly(
                new HealthAction.RemoveRealServer(0, 0),
                new HealthAction.RunScript(script("/bin/down1"), false),
                new HealthAction.WriteFifo("RS " + RS1 + " " + VS + " DOWN"),
                new HealthAction.WriteFifo("VS " + VS + " DOWN"),
                new HealthAction.SendAlert("[LB1] Realserver " + RS1 + " of virtual server " + VS + " - DOWN",
                        "=> TCP CHECK failed on service <="));
        List<HealthAction> u = r.on(up(0, 0, 0));
        assertThat(only(u, HealthAction.RunScript.class)).containsExactly(
                new HealthAction.RunScript(script("/bin/up1"), false));
        assertThat(only(u, HealthAction.SendAlert.class)).containsExactly(
                new HealthAction.SendAlert("[LB1] Realserver " + RS1 + " of virtual server " + VS + " - UP",
                        "=> TCP CHECK succeed on service <="));
    }

    @Test
    void alertsFollowSmtpAlertAndNoCheckerEmails() {
        // no recipients or smtp_server: no alert at all, and no FIFO line without a FIFO
        Run quiet = start(vs("", rs(1, TCP)));
        assertThat(quiet.on(down(0, 0, 0))).noneMatch(a -> a instanceof HealthAction.SendAlert
                || a instanceof HealthAction.WriteFifo);
        // the real server's smtp_alert off
        Run off = start(vs(MAIL, rs(1, "        smtp_alert off\n" + TCP)));
        assertThat(only(off.on(down(0, 0, 0)), HealthAction.SendAlert.class)).isEmpty();
        // global smtp_alert_checker off, unless the real server says otherwise
        String globalOff = MAIL.replace("}\n", "    smtp_alert_checker off\n}\n");
        assertThat(only(start(vs(globalOff, rs(1, TCP))).on(down(0, 0, 0)), HealthAction.SendAlert.class)).isEmpty();
        assertThat(only(start(vs(globalOff, rs(1, "        smtp_alert on\n" + TCP))).on(down(0, 0, 0)),
                HealthAction.SendAlert.class)).hasSize(1);
        // a second checker failing on a server already down mails unless no_checker_emails
        Run two = start(vs(MAIL, rs(1, TCP + TCP)));
        two.on(down(0, 0, 0));
        assertThat(only(two.on(down(0, 0, 1)), HealthAction.SendAlert.class)).containsExactly(
                new HealthAction.SendAlert("[LB1] Realserver " + RS1 + " of virtual server " + VS + " - DOWN",
                        "=> TCP CHECK failed on service <="));
        Run hushed = start(vs(MAIL.replace("}\n", "    no_checker_emails\n}\n"), rs(1, TCP + TCP)));
        assertThat(only(hushed.on(down(0, 0, 0)), HealthAction.SendAlert.class)).hasSize(1);
        assertThat(only(hushed.on(down(0, 0, 1)), HealthAction.SendAlert.class)).isEmpty();
        // virtual server alerts need smtp_alert on the virtual server (or the global defaults)
        Run vsQuiet = start(vs(MAIL, rs(1, TCP)));
        assertThat(only(vsQuiet.on(down(0, 0, 0)), HealthAction.SendAlert.class))
                .noneMatch(a -> ((HealthAction.SendAlert) a).subject().contains("Virtualserver"));
    }

    @Test
    void eachKindHasItsAlertWordsAndTheRouterIdDefaultsToTheHostName() {
        String misc = "        MISC_CHECK {\n            misc_path /bin/check\n        }\n";
        Run r = start(vs(MAIL.replace("    router_id LB1\n", ""), rs(1, misc)));
        assertThat(only(r.on(down(0, 0, 0)), HealthAction.SendAlert.class)).containsExactly(
                new HealthAction.SendAlert("[host1] Realserver " + RS1 + " of virtual server " + VS + " - DOWN",
                        "=> MISC CHECK failed on service <="));
        assertThat(HealthOutput.checkerAlertBody("HTTP_GET", false))
                .contains("=> CHECK failed on service : HTTP request failed <=");
        assertThat(HealthOutput.checkerAlertBody("DNS_CHECK", true)).contains("=> DNS_CHECK: succeed on service <=");
        assertThat(HealthOutput.checkerAlertBody("PING_CHECK", true)).contains("=> ICMP CHECK succeed on service <=");
        assertThat(HealthOutput.checkerAlertBody("FILE_CHECK", true)).isEmpty();
    }

    @Test
    void groupAndFwmarkServersAreNamedLikeTheTableLoader() {
        HealthState h = state("virtual_server_group G {\n    10.0.0.1 80\n}\n"
                + "virtual_server group G {\n    protocol TCP\n    lvs_sched rr\n" + rs(1, TCP) + "}\n"
                + "virtual_server group G {\n    protocol UDP\n    lvs_sched rr\n" + rs(1, TCP) + "}\n");
        assertThat(h.target(new CheckerId(0, 0, 0)).vsName()).isEqualTo("[G]:0");
        assertThat(h.target(new CheckerId(1, 0, 0)).vsName()).isEqualTo("[G]:1");
        assertThat(h.target(new CheckerId(1, 0, 0)).rsName()).isEqualTo("[10.0.1.1]:udp:80");
    }

    static io.fulcrum.config.model.ScriptSpec script(String program) {
        return new io.fulcrum.config.model.ScriptSpec(List.of(program), java.util.Optional.empty(),
                java.util.Optional.empty());
    }
}
