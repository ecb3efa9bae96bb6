package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.check.CheckerId;
import io.fulcrum.control.ControlResponse;
import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.VirtualService;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reload's diff and migration of live state, with fake checkers and a recording data plane. */
class ReloaderTest {

    @TempDir
    Path dir;

    private static String rs(String address, int weight) {
        return """
                    real_server %s 80 {
                        weight %d
                        TCP_CHECK {
                            connect_timeout 3
                        }
                    }
                """.formatted(address, weight);
    }

    private static String vs(String address, int port, String sched, String... servers) {
        return "virtual_server " + address + " " + port + " {\n    protocol TCP\n    lvs_sched " + sched
                + "\n    lvs_method FNAT\n" + String.join("", servers) + "}\n";
    }

    private static final String A = vs("127.0.0.1", 18080, "rr", rs("127.0.0.11", 1), rs("127.0.0.12", 1));

    private static final String TCP = "TCP 127.0.0.1:18080 ";

    @Test
    void anUnchangedCheckerKeepsItsDownStateAndIsNotRestartedWhileEditsAreApplied() throws Exception {
        try (ReloadFixture f = new ReloadFixture(dir, A)) {
            assertThat(f.launched).hasValue(2);
            f.report(new CheckerId(0, 0, 0), false);
            assertThat(f.tableView()).containsExactly(Map.entry(TCP + "rr", List.of("127.0.0.12:80 1")));

            ControlResponse.Reloaded r = f.reload(vs("127.0.0.1", 18080, "rr", rs("127.0.0.11", 1),
                    rs("127.0.0.12", 5), rs("127.0.0.13", 2)));

            assertThat(r.applied()).isTrue();
            assertThat(f.tableView()).as("the DOWN server stays out; the weight edit and the new server applied")
                    .containsExactly(Map.entry(TCP + "rr", List.of("127.0.0.12:80 5", "127.0.0.13:80 2")));
            assertThat(f.launched).as("only the new checker starts").hasValue(3);
            assertThat(f.stopped).hasValue(0);
            assertThat(r.changes()).contains(
                    "Changing weight from 1 to 5 for active service [127.0.0.12]:tcp:80 of VS [127.0.0.1]:tcp:18080",
                    "Adding service [127.0.0.13]:tcp:80 to VS [127.0.0.1]:tcp:18080",
                    "Health checking: 2 checker(s) kept with their state, 1 started, 0 stopped");
            assertThat(f.log).anyMatch(l -> l.startsWith("Reload finished in "));

            f.report(new CheckerId(0, 0, 0), true); // the kept runner still reports, and is heard
            assertThat(f.tableView().get(TCP + "rr")).contains("127.0.0.11:80 1");
        }
    }

    @Test
    void aCheckerMovedToAnotherPlaceInTheFileKeepsItsStateAndItsReportsFollowIt() throws Exception {
        try (ReloadFixture f = new ReloadFixture(dir, A)) {
            f.report(new CheckerId(0, 1, 0), false); // .12 down
            f.reload(vs("127.0.0.2", 18081, "rr", rs("127.0.0.21", 1))
                    + vs("127.0.0.1", 18080, "rr", rs("127.0.0.12", 1), rs("127.0.0.11", 1)));
            assertThat(f.tableView().get(TCP + "rr")).containsExactly("127.0.0.11:80 1");
            f.report(new CheckerId(0, 1, 0), true); // the runner launched as 0/1/0 is now 1/0/0
            assertThat(f.tableView().get(TCP + "rr")).containsExactlyInAnyOrder("127.0.0.11:80 1", "127.0.0.12:80 1");
        }
    }

    @Test
    void aChangedServiceIsEditedInPlaceSoItsListenerAndConnectionsLiveOn() throws Exception {
        try (ReloadFixture f = new ReloadFixture(dir, A)) {
            ServiceKey key = f.table.snapshot().services().getFirst().key();
            VirtualService before = f.table.service(key).orElseThrow();
            int applies = f.proxy.applied.size();

            ControlResponse.Reloaded r = f.reload(vs("127.0.0.1", 18080, "wlc", rs("127.0.0.11", 1),
                    rs("127.0.0.12", 1)));

            assertThat(r.changes()).contains("Changing Virtual Server [127.0.0.1]:tcp:18080 from rr to wlc");
            assertThat(f.table.service(key)).containsSame(before);
            assertThat(f.proxy.applied).hasSize(applies + 1);
            assertThat(f.proxy.applied.getLast()).containsExactly("TCP 127.0.0.1:18080");
            assertThat(f.proxy.last.getFirst().service()).as("the listener serves the same service object")
                    .isSameAs(before);
        }
    }

    @Test
    void aRemovedVirtualServerLeavesTheTableAndTheProxyAndItsCheckersStop() throws Exception {
        String two = A + vs("127.0.0.2", 18081, "rr", rs("127.0.0.21", 1));
        try (ReloadFixture f = new ReloadFixture(dir, two)) {
            assertThat(f.proxy.applied.getLast()).containsExactly("TCP 127.0.0.1:18080", "TCP 127.0.0.2:18081");

            ControlResponse.Reloaded r = f.reload(A);

            assertThat(r.changes()).contains("Removing Virtual Server [127.0.0.2]:tcp:18081 (no longer configured;"
                    + " established connections drain)");
            assertThat(f.tableView()).containsOnlyKeys(TCP + "rr");
            assertThat(f.proxy.applied.getLast()).containsExactly("TCP 127.0.0.1:18080");
            assertThat(f.stopped).hasValue(1);
        }
    }

    @Test
    void aBrokenConfigurationIsRefusedWithItsPositionsAndNothingChanges() throws Exception {
        try (ReloadFixture f = new ReloadFixture(dir, A)) {
            f.report(new CheckerId(0, 0, 0), false);
            Map<String, List<String>> before = f.tableView();
            int applies = f.proxy.applied.size();

            ControlResponse.Reloaded r = f.reload(A.replace("lvs_sched rr", "lvs_sched rr\n    bogus_keyword 1")
                    + vs("127.0.0.3", 18082, "rr", rs("127.0.0.31", 1)));

            assertThat(r.applied()).isFalse();
            assertThat(r.changes()).isEmpty();
            assertThat(r.problems()).anyMatch(p -> p.startsWith(f.file + ":4:5: error:"));
            assertThat(f.tableView()).isEqualTo(before);
            assertThat(f.proxy.applied).hasSize(applies);
            assertThat(f.launched).hasValue(2);
            assertThat(f.stopped).hasValue(0);
            assertThat(f.log).anyMatch(l -> l.startsWith("Reload refused"));

            f.write(A);
            assertThat(f.reloader.reload("test").changes()).containsExactly("Nothing changed");
            assertThat(f.tableView()).as("a later good reload still knows the DOWN checker").isEqualTo(before);
        }
    }

    @Test
    void anUnreadableConfigurationIsRefused() throws Exception {
        try (ReloadFixture f = new ReloadFixture(dir, A)) {
            java.nio.file.Files.delete(f.file);
            ControlResponse.Reloaded r = f.reloader.reload("test");
            assertThat(r.applied()).isFalse();
            assertThat(r.problems()).singleElement().asString().startsWith("cannot read configuration: ");
            assertThat(f.tableView()).containsOnlyKeys(TCP + "rr");
        }
    }

    @Test
    void changedLvsTimeoutsAreSet() throws Exception {
        try (ReloadFixture f = new ReloadFixture(dir, A)) {
            f.reload("global_defs {\n    lvs_timeouts tcp 100 tcpfin 10 udp 20\n}\n" + A);
            assertThat(f.timeouts).singleElement().satisfies(t -> assertThat(t.tcp()).hasValue(100));
            f.reload("global_defs {\n    lvs_timeouts tcp 100 tcpfin 10 udp 20\n}\n" + A);
            assertThat(f.timeouts).as("unchanged: not set again").hasSize(1);
        }
    }

    @Test
    void vrrpInstancesForADaemonThatStartedWithoutVrrpAreRefused() throws Exception {
        try (ReloadFixture f = new ReloadFixture(dir, A)) {
            Map<String, List<String>> before = f.tableView();
            f.write(A.replace("rr", "wlc") + """
                    vrrp_instance VI_1 {
                        interface eth0
                        virtual_router_id 51
                        priority 100
                        virtual_ipaddress {
                            10.0.0.100
                        }
                    }
                    """);
            ControlResponse.Reloaded r = f.withVrrpOn().reload("test");
            assertThat(r.applied()).isFalse();
            assertThat(r.problems()).anyMatch(p -> p.contains("need a restart of fulcrum run"));
            assertThat(f.tableView()).isEqualTo(before);
        }
    }
}
