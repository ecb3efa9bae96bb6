package io.fulcrum.vrrp;

import static io.fulcrum.vrrp.Fixtures.ADD;
import static io.fulcrum.vrrp.Fixtures.HIGHER_IP;
import static io.fulcrum.vrrp.Fixtures.MS;
import static io.fulcrum.vrrp.Fixtures.REMOVE;
import static io.fulcrum.vrrp.Fixtures.T0;
import static io.fulcrum.vrrp.Fixtures.advert;
import static io.fulcrum.vrrp.Fixtures.changed;
import static io.fulcrum.vrrp.Fixtures.effects;
import static io.fulcrum.vrrp.Fixtures.garp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.KeepalivedConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** keepalived's sync group rules (vrrp_sync.c, the TSM of vrrp_scheduler.c) over two member machines. */
class SyncGroupTest {

    private static final String CONF = """
            vrrp_sync_group G {
                group {
                    VI_1
                    VI_2
                }
            }
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                virtual_ipaddress {
                    10.0.0.1
                }
            }
            vrrp_instance VI_2 {
                interface eth1
                virtual_router_id 52
                virtual_ipaddress {
                    10.0.1.1
                }
            }
            """;

    /** Two members and their group, driven the way the engine drives them. */
    private static final class Harness {
        final VrrpMachine vi1;
        final VrrpMachine vi2;
        final SyncGroup group;
        final List<String> logs = new ArrayList<>();
        final List<SyncGroup.Outcome> outcomes = new ArrayList<>();
        long now = T0;

        Harness(String conf) {
            KeepalivedConfig c = Fixtures.config(conf);
            vi1 = new VrrpMachine(Fixtures.settings(c.vrrpInstances().get(0)));
            vi2 = new VrrpMachine(new InstanceSettings(c.vrrpInstances().get(1), IpAddress.parse("10.0.1.10"),
                    Fixtures.GROUP));
            group = new SyncGroup(c.syncGroups().getFirst(), List.of(vi1, vi2));
        }

        VrrpMachine member(char n) {
            return n == '1' ? vi1 : vi2;
        }

        List<VrrpAction> step(VrrpMachine m, Function<VrrpMachine, List<VrrpAction>> input) {
            InstanceState before = m.state();
            List<VrrpAction> out = input.apply(m);
            SyncGroup.Outcome o = group.afterChange(m, before, now);
            logs.addAll(o.logs());
            outcomes.add(o);
            return out;
        }

        void run(String script) {
            for (String s : script.split(" ")) {
                VrrpMachine m = member(s.charAt(s.length() - 1));
                String verb = s.substring(0, s.length() - 1);
                now += 10 * MS;
                switch (verb) {
                    case "start" -> step(m, x -> x.start(now));
                    case "expire" -> {
                        now = Math.max(now, m.nextDeadline());
                        step(m, x -> x.timer(now));
                    }
                    case "higher" -> step(m, x -> x.advert(new VrrpAdvert(2, x.status().vrid(), 200, 0,
                            Duration.ofSeconds(1), List.of(), new byte[8]), HIGHER_IP, now));
                    case "fault" -> step(m, x -> x.track(TrackStatus.faulted(100, "(interface eth9 down)"), now));
                    case "ok" -> step(m, x -> x.track(TrackStatus.ok(100), now));
                    default -> throw new IllegalArgumentException(verb);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            start1 start2                                   | BACKUP BACKUP BACKUP | ''
            start1 start2 expire1                           | BACKUP BACKUP BACKUP | ''
            start1 start2 expire1 expire2                   | MASTER MASTER MASTER | MASTER
            start1 start2 expire2 expire1                   | MASTER MASTER MASTER | MASTER
            start1 start2 expire1 expire2 higher1           | BACKUP BACKUP BACKUP | MASTER;BACKUP
            start1 start2 expire1 expire2 higher2           | BACKUP BACKUP BACKUP | MASTER;BACKUP
            start1 start2 expire1 higher1 expire2           | BACKUP BACKUP BACKUP | ''
            start1 start2 fault2                            | FAULT FAULT FAULT    | FAULT
            start1 start2 expire1 expire2 fault2            | FAULT FAULT FAULT    | MASTER;FAULT
            start1 start2 fault2 ok2                        | BACKUP BACKUP BACKUP | FAULT;BACKUP
            start1 start2 fault1 fault2 ok1                 | FAULT FAULT FAULT    | FAULT
            start1 start2 fault1 fault2 ok1 ok2             | BACKUP BACKUP BACKUP | FAULT;BACKUP
            start1 start2 fault2 ok2 expire1 expire2        | MASTER MASTER MASTER | FAULT;BACKUP;MASTER
            fault1 start1 start2                            | FAULT FAULT FAULT    | VI_1 FAULT
            """)
    void membersMoveTogether(String script, String states, String syncs) {
        Harness h = new Harness(CONF);
        h.run(script);
        assertThat(h.vi1.state() + " " + h.vi2.state() + " " + h.group.state()).isEqualTo(states);
        List<String> expected = syncs.isEmpty() ? List.of() : List.of(syncs.split(";")).stream()
                .map(s -> s.startsWith("VI_") ? "VRRP_Group(G): Syncing " + s.replace(" ", " to ") + " state"
                        : "VRRP_Group(G) Syncing instances to " + s + " state")
                .toList();
        assertThat(h.logs).isEqualTo(expected);
    }

    @Test
    void aWaitingMemberRearmsItsDownTimer() {
        Harness h = new Harness(CONF);
        h.run("start1 start2");
        long due = h.vi1.nextDeadline();
        h.now = due;
        List<VrrpAction> out = h.step(h.vi1, x -> x.timer(due));
        assertThat(out).containsExactly(new VrrpAction.Log("(VI_1) Receive advertisement timeout", true));
        assertThat(h.vi1.nextDeadline() - due).isEqualTo(3_609_375_000L);
    }

    @Test
    void theLastMemberToWantMasterTakesTheOthersWithIt() {
        Harness h = new Harness(CONF);
        h.run("start1 start2 expire1 expire2");
        SyncGroup.Outcome o = h.outcomes.getLast();
        assertThat(o.transition()).hasValue(new SyncGroup.GroupTransition(InstanceState.BACKUP, InstanceState.MASTER));
        assertThat(o.actions()).containsOnlyKeys("VI_1");
        assertThat(effects(o.actions().get("VI_1"))).containsExactly(advert(100), ADD, garp(5, "master"),
                changed(InstanceState.BACKUP, InstanceState.MASTER, 100));
        assertThat(h.vi1.status().transitions().getLast().reason()).isEqualTo("sync group G");
    }

    @Test
    void aFaultingMemberTakesTheMastersDownWithAResignation() {
        Harness h = new Harness(CONF);
        h.run("start1 start2 expire1 expire2 fault2");
        SyncGroup.Outcome o = h.outcomes.getLast();
        assertThat(o.transition()).hasValue(new SyncGroup.GroupTransition(InstanceState.MASTER, InstanceState.FAULT));
        assertThat(effects(o.actions().get("VI_1"))).containsExactly(advert(0), REMOVE,
                changed(InstanceState.MASTER, InstanceState.FAULT, 100));
    }

    @Test
    void theFirstStartedMemberSetsTheGroupToBackupSilently() {
        Harness h = new Harness(CONF);
        h.run("start1");
        assertThat(h.outcomes.getLast().transition())
                .hasValue(new SyncGroup.GroupTransition(InstanceState.INIT, InstanceState.BACKUP));
        assertThat(h.outcomes.getLast().logs()).isEmpty();
        h.run("start2");
        assertThat(h.outcomes.getLast().isEmpty()).isTrue();
    }

    @Test
    void ownersStartAsMasterTogether() {
        Harness h = new Harness(CONF.replace("virtual_router_id 51", "virtual_router_id 51\npriority 255")
                .replace("virtual_router_id 52", "virtual_router_id 52\npriority 255"));
        h.run("start1");
        assertThat(h.vi1.state()).as("its partner has not started yet").isEqualTo(InstanceState.BACKUP);
        h.run("start2");
        assertThat(h.vi1.state()).isEqualTo(InstanceState.MASTER);
        assertThat(h.vi2.state()).isEqualTo(InstanceState.MASTER);
    }

    @Test
    void membersMustMatchTheConfiguration() {
        KeepalivedConfig c = Fixtures.config(CONF);
        VrrpMachine only = new VrrpMachine(Fixtures.settings(c.vrrpInstances().getFirst()));
        assertThatThrownBy(() -> new SyncGroup(c.syncGroups().getFirst(), List.of(only)))
                .isInstanceOf(IllegalArgumentException.class);
        Harness h = new Harness(CONF);
        assertThatThrownBy(() -> h.group.afterChange(only, InstanceState.INIT, T0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
