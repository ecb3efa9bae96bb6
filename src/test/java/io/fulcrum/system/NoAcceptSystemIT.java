package io.fulcrum.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.lab.LabException;
import io.fulcrum.lab.Netns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * no_accept at run time, on a director and a client: a vrrp_strict MASTER below priority 255 holds its VIP and
 * sends gratuitous ARPs for it, but the client's ping and TCP connection to the VIP get no answer (the director's
 * own address answers), through the nftables table {@code ip keepalived}; SIGTERM deletes the table; a table left
 * by kill -9 is deleted at the next start. With {@code accept} the VIP answers and no table is made. keepalived
 * 2.2.7 with the same configuration makes the same table and drops the same traffic.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoAcceptSystemIT {

    static final String VIP = "10.77.0.100";
    static final int PORT = 8080;
    static final Duration MASTER_WITHIN = Duration.ofSeconds(8);
    /** The table both make for one IPv4 VIP, as {@code nft list table ip keepalived} prints it. */
    static final String TABLE = """
            table ip keepalived {
            	set vips {
            		type ipv4_addr
            		elements = { 10.77.0.100 }
            	}

            	chain out {
            		type filter hook output priority filter - 1; policy accept;
            		ip saddr @vips drop
            	}

            	chain in {
            		type filter hook input priority filter - 1; policy accept;
            		ip daddr @vips drop
            	}
            }
            """;

    private SystemLab lab;
    private Netns d1;
    private Netns client;
    private final List<Object> running = new ArrayList<>();

    @BeforeAll
    void lab() throws Exception {
        lab = SystemLab.create();
        d1 = lab.host("d1", "10.77.0.1/24");
        client = lab.host("client", "10.77.0.10/24");
        lab.start(d1, "web1", Fulcrum.java("backend", "--listen", "0.0.0.0:" + PORT, "--text", "d1"));
    }

    @AfterEach
    void stopDirectors() throws Exception {
        for (Object o : running) {
            if (o instanceof Fulcrum f) {
                f.kill();
            } else if (o instanceof Keepalived k) {
                k.kill();
            }
        }
        running.clear();
        if (hasVip()) {
            d1.ip("addr", "del", VIP + "/24", "dev", "eth0");
        }
        d1.run("sh", "-c", "nft delete table ip keepalived 2>/dev/null; true");
    }

    @AfterAll
    void teardown() {
        if (lab != null) {
            lab.close();
        }
    }

    static String config(boolean strict, String extra) {
        return """
                global_defs {
                    router_id d1
                    %s
                }
                vrrp_instance VI_1 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 61
                    priority 100
                    version 3
                    advert_int 0.5
                    %s
                    virtual_ipaddress {
                        %s/24
                    }
                }
                """.formatted(strict ? "vrrp_strict" : "", extra, VIP);
    }

    private Fulcrum fulcrum(String name, String config) throws Exception {
        Path conf = lab.dir().resolve(name + ".conf");
        Files.writeString(conf, config);
        Fulcrum f = Fulcrum.run(lab, d1, name, conf, "--log-detail");
        running.add(f);
        return f;
    }

    private boolean hasVip() throws LabException {
        return d1.ip("-o", "addr", "show", "dev", "eth0").contains(" " + VIP + "/");
    }

    private String table() {
        try {
            return d1.run("nft", "list", "table", "ip", "keepalived");
        } catch (LabException e) {
            return "";
        }
    }

    private boolean pings() {
        try {
            client.run("ping", "-c", "1", "-W", "1", VIP);
            return true;
        } catch (LabException e) {
            return false;
        }
    }

    private String fetch(String address) {
        try {
            return client.run("curl", "-s", "--max-time", "1", "http://" + address + ":" + PORT + "/").strip();
        } catch (LabException e) {
            return "";
        }
    }

    /** The director is MASTER with the VIP and the drop rule; the client's ping and TCP get no answer. */
    private void assertVipHeldButSilent(Process arp) throws Exception {
        await().atMost(MASTER_WITHIN).pollInterval(Duration.ofMillis(100)).until(this::hasVip);
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(table()).isEqualTo(TABLE));
        assertThat(fetch("10.77.0.1")).as("the director's own address answers").isEqualTo("d1");
        assertThat(pings()).as("ping to the VIP").isFalse();
        assertThat(fetch(VIP)).as("TCP to the VIP").isEmpty();
        assertThat(client.ip("neigh", "show", VIP)).as("ARP is not filtered").contains(VrrpSystemIT.mac(d1));
        arp.destroy();
        arp.waitFor();
        String mac = VrrpSystemIT.mac(d1);
        assertThat(Files.readAllLines(lab.log(arpLog))).as("gratuitous ARPs for the VIP")
                .anyMatch(l -> l.contains(mac) && l.contains("who-has " + VIP + " ") && l.contains("tell " + VIP));
    }

    private String arpLog = "";

    private Process captureArp(String name) throws LabException {
        arpLog = name;
        return lab.start(client, name, List.of("tcpdump", "-i", "eth0", "-n", "-l", "-e", "-p", "arp"));
    }

    @Test
    void aStrictFulcrumMasterDropsTrafficToItsVipUntilItStops() throws Exception {
        Process arp = captureArp("arp-f1");
        Thread.sleep(500);
        Fulcrum f = fulcrum("f1", config(true, ""));
        assertVipHeldButSilent(arp);
        assertThat(f.log()).contains("use_vmac or no_accept/strict specified, but no firewall configured - using"
                + " nftables").containsSubsequence("(VI_1) Entering MASTER STATE",
                "(VI_1) setting firewall drop rule", "(VI_1) setting VIPs.");

        f.stop();
        assertThat(table()).as("the table after SIGTERM").isEmpty();
        assertThat(hasVip()).isFalse();
        assertThat(f.log()).containsSubsequence("(VI_1) removing VIPs.", "(VI_1) removing firewall drop rule");
    }

    @Test
    void aTableLeftByKillIsDeletedAtTheNextStartAndAcceptModeAnswers() throws Exception {
        Fulcrum f = fulcrum("f2", config(true, ""));
        await().atMost(MASTER_WITHIN).until(() -> table().contains(VIP));
        f.kill();
        assertThat(table()).as("kill -9 leaves the table").contains(VIP);

        fulcrum("f3", config(true, "accept")); // strict with accept (VRRPv3): no rule
        assertThat(table()).as("deleted at the start").isEmpty();
        await().atMost(MASTER_WITHIN).pollInterval(Duration.ofMillis(100)).until(this::hasVip);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(pings()).as("ping to the VIP").isTrue();
            assertThat(fetch(VIP)).as("TCP to the VIP").isEqualTo("d1");
        });
        assertThat(table()).isEmpty();
    }

    @Test
    void keepalivedMakesTheSameTableAndDropsTheSameTraffic() throws Exception {
        Process arp = captureArp("arp-k1");
        Thread.sleep(500);
        Keepalived k = Keepalived.start(lab, d1, "k1", config(true, ""));
        running.add(k);
        assertVipHeldButSilent(arp);
        k.stop();
        assertThat(table()).as("keepalived's table after SIGTERM").isEmpty();
    }
}
