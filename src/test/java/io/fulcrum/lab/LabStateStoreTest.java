package io.fulcrum.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.IpAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabStateStoreTest {

    @TempDir
    Path dir;

    static LabPlan plan() throws LabException {
        ClusterSpec.Director m = new ClusterSpec.Director("master", Path.of("/etc/m.conf"),
                List.of(new ClusterSpec.Interface("ens33", List.of(IpAddress.parse("10.1.2.100")))), Optional.empty(),
                150, Duration.ofSeconds(1), List.of(new LabEndpoint(IpAddress.parse("127.0.0.1"), 80)),
                List.of("/etc/keepalived/notify.sh"));
        ClusterSpec.Director b = new ClusterSpec.Director("backup", Path.of("/etc/b.conf"), m.interfaces(),
                Optional.empty(), 100, Duration.ofSeconds(1), List.of(), List.of());
        ClusterSpec.Service s = new ClusterSpec.Service(IpAddress.parse("10.1.2.100"), 80, "tcp", "wrr", 50,
                LabForwarding.DR, List.of(new ClusterSpec.RealServer(IpAddress.parse("10.1.2.7"), 80, 1,
                        LabForwarding.DR)), Optional.empty(), Duration.ofMillis(12_500), Duration.ofSeconds(4));
        return LabPlanner.plan("t", new ClusterSpec(m, b, List.of(s), Set.of(IpAddress.parse("10.1.2.100"),
                IpAddress.parse("10.1.2.7"))), LabPlan.Peer.KEEPALIVED, x -> false);
    }

    @Test
    void aStateSurvivesTheRoundTripThroughJson() throws Exception {
        LabState st = new LabState(LabState.VERSION, plan(), dir, "proxy", "now", Map.of("master/ens33",
                "aa:bb:cc:dd:ee:ff"), List.of(new LabProcess("master", LabProcess.FULCRUM, 42, List.of("java", "-jar"),
                dir.resolve("master.log"), Optional.of(dir.resolve("master.sock")), Optional.empty())), 7);
        LabStateStore store = new LabStateStore();
        String json = store.toJson(st);
        assertThat(json).contains("\"10.1.2.100\"", "\"10.1.2.0/24\"", "12500", "\"ens33\"");
        assertThat(store.fromJson(json)).isEqualTo(st);
        store.save(st);
        assertThat(store.load(dir)).contains(st);
        assertThat(store.load(dir.resolve("none"))).isEmpty();
    }

    @Test
    void aProcessIsReplacedByHostAndRole() throws Exception {
        LabProcess p = new LabProcess("rs1", LabProcess.NGINX, 1, List.of("nginx"), dir.resolve("l"), Optional.empty(),
                Optional.of("http://10.1.2.7:80/"));
        LabState st = new LabState(LabState.VERSION, plan(), dir, "auto", "now", Map.of(), List.of(p), 0);
        LabState next = st.with(p.withPid(2));
        assertThat(next.processes()).extracting(LabProcess::pid).containsExactly(2L);
        assertThat(next.with(new LabProcess("rs2", LabProcess.NGINX, 3, List.of(), dir, Optional.empty(),
                Optional.empty())).processes()).hasSize(2);
    }

    @Test
    void garbageIsALabException() {
        assertThatThrownBy(() -> new LabStateStore().fromJson("{\"version\": 1, \"plan\": 3}"))
                .isInstanceOf(LabException.class).hasMessageContaining("cannot read the lab's state");
    }

    @Test
    void onlyTheLabsOwnFilesAreRemovedFromTheStateDirectory() throws Exception {
        Files.writeString(dir.resolve("state.json"), "{}");
        Files.writeString(dir.resolve("master.log"), "x");
        Files.createDirectories(dir.resolve("rs1/www"));
        Files.writeString(dir.resolve("rs1/www/index.html"), "x");
        Files.writeString(dir.resolve("precious.txt"), "keep me");
        assertThat(LabTeardown.removeStateDir(dir)).isFalse();
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("precious.txt");
        }
        Files.delete(dir.resolve("precious.txt"));
        Files.writeString(dir.resolve("backup.sock.lock"), "");
        assertThat(LabTeardown.removeStateDir(dir)).isTrue();
        assertThat(dir).doesNotExist();
    }
}
