package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.ConfigLoader;
import io.fulcrum.config.FileAccess;
import io.fulcrum.config.LoadResult;
import io.fulcrum.config.PreprocessOptions;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.lab.ClusterSpec;
import io.fulcrum.lab.LabEndpoint;
import io.fulcrum.lab.LabForwarding;
import io.fulcrum.lab.LabPlan;
import io.fulcrum.lab.LabPlanner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The lab's plan for each seed pair: interfaces as the configurations name them, addresses, real and sorry servers. */
class LabPlanSeedsTest {

    static final Path SEEDS = Path.of("src/test/resources/seeds");

    static KeepalivedConfig load(String file) {
        LoadResult r = new ConfigLoader(FileAccess.real(), new PreprocessOptions("lab", n -> Optional.empty(), 1))
                .load(SEEDS.resolve(file));
        assertThat(r.readError()).isEmpty();
        return r.config().orElseThrow();
    }

    static ClusterSpec spec(String master, String backup) throws Exception {
        return LabSpecReader.read(SEEDS.resolve(master), load(master), SEEDS.resolve(backup), load(backup));
    }

    static LabPlan plan(String master, String backup, LabPlan.Peer peer) throws Exception {
        return LabPlanner.plan("seed", spec(master, backup), peer, s -> false);
    }

    static LabPlan plan(String master, String backup) throws Exception {
        return plan(master, backup, LabPlan.Peer.FULCRUM);
    }

    static String address(LabPlan.Host h) {
        return h.links().getFirst().addresses().getFirst().toString();
    }

    static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    @Test
    void seed000IsTheTutorialsDockerNetwork() throws Exception {
        LabPlan p = plan("000-master.conf", "000-backup.conf");
        assertThat(p.prefix()).isEqualTo("fl-seed");
        assertThat(p.network().toString()).isEqualTo("172.17.0.0/24");
        // the tutorial's host (the client) is 172.17.0.1, its load balancers .2 and .3, its real servers .4 and .5
        assertThat(address(p.client())).isEqualTo("172.17.0.1/24");
        assertThat(p.master().address()).isEqualTo(ip("172.17.0.2"));
        assertThat(p.backup().address()).isEqualTo(ip("172.17.0.3"));
        assertThat(p.master().primaryInterface()).isEqualTo("eth0");
        assertThat(p.backup().host().links()).extracting(LabPlan.Link::ifname).containsExactly("eth0");
        assertThat(p.master().vips()).containsExactly(ip("172.17.0.10"));
        assertThat(p.master().priority()).isEqualTo(101);
        assertThat(p.backup().priority()).isEqualTo(99);
        assertThat(p.expectedHolder().role()).isEqualTo("master");
        assertThat(p.master().advertInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.servers()).extracting(LabPlan.Server::name).containsExactly("rs1", "rs2");
        assertThat(p.servers()).extracting(LabPlan.Server::address).containsExactly(ip("172.17.0.4"), ip("172.17.0.5"));
        for (LabPlan.Server s : p.servers()) {
            assertThat(s.vips()).containsExactly(ip("172.17.0.10"));
            assertThat(s.ports()).containsExactly(80);
            assertThat(s.decap()).isFalse();
            assertThat(s.sorry()).isFalse();
            assertThat(s.host().routes()).isEmpty();
        }
        assertThat(p.servers().getFirst().page()).isEqualTo("This is Real Server 1 (172.17.0.4)\n");
        // the pool the checks lend the client from: the rest of the /24, from the top down
        assertThat(p.clientPool()).startsWith(ip("172.17.0.254"), ip("172.17.0.253")).hasSize(254 - 6)
                .doesNotContain(ip("172.17.0.10"), ip("172.17.0.4"), ip("172.17.0.1"), ip("172.17.0.2"));
        assertThat(p.client().links().getFirst().addresses()).hasSize(1);
        ClusterSpec.Service s = p.checkedService().orElseThrow();
        assertThat(s.endpoint()).isEqualTo(new LabEndpoint(ip("172.17.0.10"), 80));
        assertThat(s.scheduler()).isEqualTo("rr");
        assertThat(s.persistent()).isFalse();
        assertThat(s.forwarding()).isEqualTo(LabForwarding.DR);
        // HTTP_GET: delay_loop 6, connect_timeout 2, nb_get_retry 3, delay_before_retry 1: 6 + 2 + 3 x (1 + 2)
        assertThat(s.failureWindow()).isEqualTo(Duration.ofSeconds(17));
        assertThat(s.recoveryWindow()).isEqualTo(Duration.ofSeconds(8));
        assertThat(p.master().localServers()).isEmpty();
        assertThat(p.hasBackSegment()).isFalse();
        assertThat(p.master().ipForward()).isFalse();
        assertThat(p.namespaces()).containsExactly("fl-seed-client", "fl-seed-master", "fl-seed-backup",
                "fl-seed-rs1", "fl-seed-rs2", "fl-seed-br");
        assertThat(p.notes()).isEmpty();
    }

    @Test
    void seed001UsesEns32APersistentServiceAndSlowAdverts() throws Exception {
        LabPlan p = plan("001-master.conf", "001-backup.conf");
        assertThat(p.network().toString()).isEqualTo("192.168.179.0/24");
        assertThat(p.master().primaryInterface()).isEqualTo("ens32");
        assertThat(p.backup().primaryInterface()).isEqualTo("ens32");
        assertThat(p.master().address()).isEqualTo(ip("192.168.179.2"));
        assertThat(p.master().advertInterval()).isEqualTo(Duration.ofSeconds(5));
        // the master's order: .104 first
        assertThat(p.servers()).extracting(LabPlan.Server::address)
                .containsExactly(ip("192.168.179.104"), ip("192.168.179.99"));
        ClusterSpec.Service s = p.checkedService().orElseThrow();
        assertThat(s.persistenceTimeout()).isEqualTo(60);
        assertThat(s.scheduler()).isEqualTo("rr");
    }

    @Test
    void seed002IsWeightedRoundRobinWithPersistenceAndTheMasterOutranksANopreemptBackup() throws Exception {
        LabPlan p = plan("002-master.conf", "002-backup.conf");
        assertThat(p.master().primaryInterface()).isEqualTo("ens33");
        assertThat(p.network().toString()).isEqualTo("192.168.59.0/24");
        assertThat(address(p.client())).isEqualTo("192.168.59.1/24");
        assertThat(p.master().priority()).isEqualTo(200);
        assertThat(p.backup().priority()).isEqualTo(100);
        assertThat(p.expectedHolder().role()).isEqualTo("master");
        ClusterSpec.Service s = p.checkedService().orElseThrow();
        assertThat(s.scheduler()).isEqualTo("wrr");
        assertThat(s.persistenceTimeout()).isEqualTo(50);
        assertThat(p.servers()).extracting(LabPlan.Server::address)
                .containsExactly(ip("192.168.59.131"), ip("192.168.59.132"));
    }

    @Test
    void seed003HasNoPersistenceSinceItsPersistenceTimeIsNoKeyword() throws Exception {
        LabPlan p = plan("003-master.conf", "003-backup.conf");
        assertThat(p.master().primaryInterface()).isEqualTo("ens33");
        assertThat(p.network().toString()).isEqualTo("172.16.28.0/24");
        assertThat(p.master().priority()).isEqualTo(151);
        ClusterSpec.Service s = p.checkedService().orElseThrow();
        assertThat(s.persistent()).isFalse();
        assertThat(s.endpoint().toString()).isEqualTo("172.16.28.120:80");
        assertThat(p.servers()).extracting(LabPlan.Server::address)
                .containsExactly(ip("172.16.28.132"), ip("172.16.28.133"));
    }

    @Test
    void seed004ServesItsLocalSorryServerOnEachDirectorAndNotesTheMissingNotifyScript() throws Exception {
        LabPlan p = plan("004-node1.conf", "004-node2.conf");
        assertThat(p.master().primaryInterface()).isEqualTo("ens160");
        assertThat(p.backup().primaryInterface()).isEqualTo("ens160");
        assertThat(p.network().toString()).isEqualTo("192.168.1.0/24");
        assertThat(p.master().localServers()).containsExactly(new LabEndpoint(ip("127.0.0.1"), 80));
        assertThat(p.backup().localServers()).containsExactly(new LabEndpoint(ip("127.0.0.1"), 80));
        // a sorry server on loopback is no host of its own
        assertThat(p.servers()).extracting(LabPlan.Server::name).containsExactly("rs1", "rs2");
        assertThat(p.checkedService().orElseThrow().sorryServer())
                .contains(new LabEndpoint(ip("127.0.0.1"), 80));
        assertThat(p.notes()).hasSize(2).allMatch(n -> n.contains("/etc/keepalived/notify.sh")
                && n.contains("does not exist"));
        assertThat(p.notes().get(0)).startsWith("master:");
        assertThat(p.notes().get(1)).startsWith("backup:");
    }

    @Test
    void theKeepalivedPeerIsOnlyTheBackup() throws Exception {
        LabPlan p = plan("000-master.conf", "000-backup.conf", LabPlan.Peer.KEEPALIVED);
        assertThat(p.master().peer()).isEqualTo(LabPlan.Peer.FULCRUM);
        assertThat(p.backup().peer()).isEqualTo(LabPlan.Peer.KEEPALIVED);
        assertThat(p.notes()).anyMatch(n -> n.contains("keepalived 2.2.7") && n.contains("fulcrum run --check"));
    }

    @Test
    void existingScriptsAreNotNoted() throws Exception {
        LabPlan p = LabPlanner.plan("seed", spec("004-node1.conf", "004-node2.conf"), LabPlan.Peer.FULCRUM,
                s -> true);
        assertThat(p.notes()).isEmpty();
    }

    @Test
    void aConfigurationWithoutVrrpIsRefused() {
        KeepalivedConfig withVrrp = load("000-master.conf");
        KeepalivedConfig noVrrp = new ConfigLoader(FileAccess.real(), new PreprocessOptions("lab",
                n -> Optional.empty(), 1)).loadText("novrrp.conf", SEEDS, "global_defs {\n router_id x\n}\n")
                .config().orElseThrow();
        assertThatThrownBy(() -> LabSpecReader.read(Path.of("a.conf"), withVrrp, Path.of("b.conf"), noVrrp))
                .isInstanceOf(LabSpecReader.Unusable.class).hasMessageContaining("b.conf: no vrrp_instance");
    }

    @Test
    void everyConfiguredAddressIsKnown() throws Exception {
        ClusterSpec s = spec("000-master.conf", "000-backup.conf");
        assertThat(s.configured()).contains(ip("172.17.0.10"), ip("172.17.0.4"), ip("172.17.0.5"));
        assertThat(List.of(s.master().role(), s.backup().role())).containsExactly("master", "backup");
    }
}
