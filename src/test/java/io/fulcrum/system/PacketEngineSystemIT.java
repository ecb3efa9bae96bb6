package io.fulcrum.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.lab.Netns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The packet engine in DR mode on a lab, as the seeds build it: a client, a director running {@code fulcrum run}
 * with {@code lb_kind DR} (the VIP on its eth0, no VRRP), two real servers with the VIP on lo (arp_ignore 1,
 * arp_announce 2) and nginx. Requests from the client alternate between the real servers (rr) and are answered by
 * them directly; {@code ipvsadm -Ln} and {@code -lnc} show the connections; the director's kernel never resets
 * them (the nftables rules keep its IP stack off), and every rule is gone after the daemon stops.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PacketEngineSystemIT {

    private static final String VIP = "10.0.0.100";

    private SystemLab lab;
    private Netns client;
    private Netns director;
    private Fulcrum fulcrum;

    @BeforeAll
    void up() throws Exception {
        lab = SystemLab.create();
        client = lab.host("client", "10.0.0.50/24");
        director = lab.host("director", "10.0.0.2/24");
        director.ip("addr", "add", VIP + "/32", "dev", "eth0");
        for (int i = 1; i <= 2; i++) {
            Netns rs = lab.host("rs" + i, "10.0.0.1" + i + "/24");
            rs.ip("addr", "add", VIP + "/32", "dev", "lo");
            for (String dev : List.of("lo", "all")) {
                rs.run("sysctl", "-qw", "net.ipv4.conf." + dev + ".arp_ignore=1");
                rs.run("sysctl", "-qw", "net.ipv4.conf." + dev + ".arp_announce=2");
            }
            Nginx.start(lab, rs, "nginx" + i, VIP, "RS" + i + "\n", false);
        }
        Path conf = lab.dir().resolve("dr.conf");
        Files.writeString(conf, """
                virtual_server 10.0.0.100 80 {
                    lb_algo rr
                    lb_kind DR
                    protocol TCP
                    real_server 10.0.0.11 80 {
                        weight 1
                    }
                    real_server 10.0.0.12 80 {
                        weight 1
                    }
                }
                """);
        fulcrum = Fulcrum.run(lab, director, "director", conf);
    }

    @AfterAll
    void down() throws Exception {
        if (fulcrum != null) {
            fulcrum.stop();
        }
        if (lab != null) {
            lab.close();
        }
    }

    private String get() throws Exception {
        return client.run("curl", "-s", "--max-time", "2", "http://" + VIP + "/").strip();
    }

    @Test
    @Order(1)
    void requestsAlternateBetweenTheRealServersAnsweringDirectly() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        String first = "";
        while (!first.startsWith("RS") && System.nanoTime() < deadline) { // the real servers' MACs are resolved
            first = get();
        }
        assertThat(first).as("first answer; director log:\n%s", fulcrum.log()).startsWith("RS");
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            seen.add(get());
        }
        assertThat(seen).containsOnly("RS1", "RS2");
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)).as("rr alternates: %s", seen).isNotEqualTo(seen.get(i - 1));
        }
        // the client learnt the VIP from the director only: direct routing answers come from the real servers
        assertThat(client.run("ip", "neigh", "show", VIP)).contains("lladdr");
    }

    @Test
    @Order(2)
    void theTableShowsTheRoutedConnections() throws Exception {
        String table = fulcrum.ipvsadm("-Ln");
        assertThat(table).contains("TCP  10.0.0.100:80 rr").contains("-> 10.0.0.11:80").contains("Route");
        String conns = fulcrum.ipvsadm("-lnc");
        assertThat(conns).contains("10.0.0.50").contains("10.0.0.100:80");
        String stats = fulcrum.ipvsadm("-Ln", "--stats");
        assertThat(stats).contains("10.0.0.100:80");
    }

    @Test
    @Order(3)
    void theKernelRulesAreInstalledWhileServingAndGoneAfterwards() throws Exception {
        assertThat(director.run("nft", "list", "table", "inet", "fulcrum")).contains("10.0.0.100")
                .contains("dport 80").contains("drop");
        fulcrum.stop();
        fulcrum = null;
        assertThat(director.run("nft", "list", "tables")).doesNotContain("fulcrum");
    }
}
