package io.fulcrum.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.lab.LabException;
import io.fulcrum.lab.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The seeds' third test on a lab: two directors on one segment share a virtual address through VRRP, with a
 * client beside them. Fulcrum pairs with Fulcrum and with keepalived 2.2.7 (in both roles): the higher priority
 * wins the election; when the master dies (SIGKILL), stops (SIGTERM) or loses its link, the backup takes the
 * address, the client's neighbour entry for it turns to the new master's MAC, and a TCP service on the address
 * answers again, from the new master. nopreempt keeps a running master; notify scripts run in order; after the
 * network heals there is one master.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VrrpSystemIT {

    static final String VIP = "10.78.0.100";
    static final int PORT = 8080;
    /** advert_int 1: 3 x 1 s + skew < 1 s, plus room for a loaded machine. */
    static final Duration TAKEOVER = Duration.ofSeconds(8);

    private SystemLab lab;
    private Netns d1;
    private Netns d2;
    private Netns client;
    private final List<Director> running = new java.util.ArrayList<>();

    @BeforeAll
    void lab() throws Exception {
        lab = SystemLab.create();
        d1 = lab.host("d1", "10.78.0.1/24");
        d2 = lab.host("d2", "10.78.0.2/24");
        client = lab.host("client", "10.78.0.10/24");
        // a TCP service on every address of each director, answering with the director's name
        lab.start(d1, "web1", Fulcrum.java("backend", "--listen", "0.0.0.0:" + PORT, "--text", "d1"));
        lab.start(d2, "web2", Fulcrum.java("backend", "--listen", "0.0.0.0:" + PORT, "--text", "d2"));
    }

    @AfterEach
    void stopDirectors() throws Exception {
        for (Director d : running) {
            d.kill();
        }
        running.clear();
        for (Netns d : List.of(d1, d2)) {
            d.ip("link", "set", "eth0", "up");
            if (hasVip(d)) {
                d.ip("addr", "del", VIP + "/24", "dev", "eth0");
            }
        }
    }

    @AfterAll
    void teardown() {
        if (lab != null) {
            lab.close();
        }
    }

    static String config(String routerId, String state, int priority, String extra) {
        return """
                global_defs {
                    router_id %s
                }
                vrrp_instance VI_1 {
                    state %s
                    interface eth0
                    virtual_router_id 51
                    priority %d
                    advert_int 1
                    authentication {
                        auth_type PASS
                        auth_pass 1111
                    }
                    virtual_ipaddress {
                        %s/24
                    }
                %s}
                """.formatted(routerId, state, priority, VIP, extra);
    }

    private Fulcrum fulcrum(Netns ns, String name, String config) throws Exception {
        Path conf = lab.dir().resolve(name + ".conf");
        Files.writeString(conf, config);
        Fulcrum f = Fulcrum.run(lab, ns, name, conf, "--log-detail");
        running.add(f);
        return f;
    }

    private Keepalived keepalived(Netns ns, String name, String config) throws Exception {
        Keepalived k = Keepalived.start(lab, ns, name, config);
        running.add(k);
        return k;
    }

    static boolean hasVip(Netns ns) throws LabException {
        return ns.ip("-o", "addr", "show", "dev", "eth0").contains(" " + VIP + "/");
    }

    static String mac(Netns ns) throws LabException {
        Matcher m = Pattern.compile("link/ether ([0-9a-f:]{17})").matcher(ns.ip("-o", "link", "show", "eth0"));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** The page the client gets from the virtual address, or "" when nothing answers. */
    private String fetch() {
        try {
            return client.run("curl", "-s", "--max-time", "1", "http://" + VIP + ":" + PORT + "/").strip();
        } catch (LabException e) {
            return "";
        }
    }

    private String clientNeighbour() throws LabException {
        return client.ip("neigh", "show", VIP);
    }

    /** Waits until {@code master} alone holds the VIP, the client reaches it, and its ARP entry names it. */
    private void awaitMaster(Netns master, Netns other, String name, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(hasVip(master)).as(name + " holds the VIP").isTrue();
            assertThat(hasVip(other)).as("the other director does not hold the VIP").isFalse();
        });
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(fetch()).isEqualTo(name);
            assertThat(clientNeighbour()).contains(mac(master));
        });
    }

    @Test
    void fulcrumPairElectsTheHigherPriorityAndTheBackupTakesOverWhenTheMasterIsKilled() throws Exception {
        Fulcrum low = fulcrum(d1, "f1", config("d1", "BACKUP", 100, ""));
        Fulcrum high = fulcrum(d2, "f2", config("d2", "BACKUP", 150, ""));
        awaitMaster(d2, d1, "d2", TAKEOVER);
        assertThat(high.status()).contains("VI_1 (vrid 51 on eth0): MASTER, priority 150");
        assertThat(low.status()).contains("VI_1 (vrid 51 on eth0): BACKUP, priority 100")
                .contains("master: 10.78.0.2 (priority 150)");

        high.kill(); // its address stays behind, as after keepalived's kill -9: the gratuitous ARPs decide
        d2.ip("addr", "del", VIP + "/24", "dev", "eth0");
        long killed = System.nanoTime();
        awaitMaster(d1, d2, "d1", TAKEOVER);
        assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(TAKEOVER);
        assertThat(low.log()).contains("(VI_1) Entering BACKUP STATE (init)").contains("(VI_1) Entering MASTER STATE");
    }

    @Test
    void aFulcrumMasterStoppedWithSigtermHandsOverToKeepalivedAtOnce() throws Exception {
        Fulcrum master = fulcrum(d1, "f1", config("d1", "MASTER", 150, ""));
        Keepalived backup = keepalived(d2, "k2", config("d2", "BACKUP", 100, ""));
        awaitMaster(d1, d2, "d1", TAKEOVER);
        long stopped = System.nanoTime();
        master.stop();
        awaitMaster(d2, d1, "d2", Duration.ofSeconds(3));
        // a priority-0 advert: skew time (0.61 s for priority 100), not 3 adverts
        assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofSeconds(3));
        assertThat(backup.log()).contains("(VI_1) Entering MASTER STATE");
        assertThat(master.log()).contains("(VI_1) sent 0 priority");
    }

    @Test
    void aFulcrumBackupTakesOverFromAKilledKeepalivedAndYieldsWhenItComesBack() throws Exception {
        String kConf = config("d1", "MASTER", 150, "");
        Keepalived k = keepalived(d1, "k1", kConf);
        awaitMaster(d1, d2, "d1", TAKEOVER);
        Fulcrum f = fulcrum(d2, "f2", config("d2", "BACKUP", 100, ""));
        Thread.sleep(4000); // more than the backup's master-down interval: it must stay BACKUP
        assertThat(hasVip(d2)).isFalse();
        assertThat(f.status()).contains("BACKUP, priority 100").contains("master: 10.78.0.1 (priority 150)");

        k.kill();
        d1.ip("addr", "del", VIP + "/24", "dev", "eth0");
        awaitMaster(d2, d1, "d2", TAKEOVER);

        keepalived(d1, "k1b", kConf); // preempts: higher priority
        awaitMaster(d1, d2, "d1", TAKEOVER);
        assertThat(f.log()).contains("(VI_1) Master received advert from 10.78.0.1 with higher priority 150, ours 100");
    }

    @Test
    void nopreemptKeepsTheRunningMaster() throws Exception {
        Fulcrum first = fulcrum(d1, "f1", config("d1", "BACKUP", 100, ""));
        awaitMaster(d1, d2, "d1", TAKEOVER);
        Fulcrum second = fulcrum(d2, "f2", config("d2", "BACKUP", 150, "    nopreempt\n"));
        Thread.sleep(5000);
        assertThat(hasVip(d1)).isTrue();
        assertThat(hasVip(d2)).isFalse();
        assertThat(second.status()).contains("BACKUP, priority 150");
        first.stop();
        awaitMaster(d2, d1, "d2", Duration.ofSeconds(3));
    }

    @Test
    void linkDownMovesTheAddressAndAfterTheHealThereIsOneMaster() throws Exception {
        fulcrum(d1, "f1", config("d1", "BACKUP", 150, ""));
        keepalived(d2, "k2", config("d2", "BACKUP", 100, ""));
        awaitMaster(d1, d2, "d1", TAKEOVER);
        d1.ip("link", "set", "eth0", "down");
        await().atMost(TAKEOVER).until(() -> hasVip(d2));
        assertThat(fetch()).isEqualTo("d2");
        d1.ip("link", "set", "eth0", "up");
        awaitMaster(d1, d2, "d1", TAKEOVER);
        Thread.sleep(3000); // no flapping back: still one master
        assertThat(hasVip(d1)).isTrue();
        assertThat(hasVip(d2)).isFalse();
    }

    @Test
    void notifyScriptsRunInOrder() throws Exception {
        Path out = lab.dir().resolve("notify.out");
        Path script = lab.dir().resolve("notify.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" >> " + out + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Fulcrum f = fulcrum(d1, "f1", config("d1", "BACKUP", 100, "    notify " + script + "\n"));
        awaitMaster(d1, d2, "d1", TAKEOVER);
        f.stop();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(lines(out))
                .containsExactly("INSTANCE VI_1 BACKUP 100", "INSTANCE VI_1 MASTER 100", "INSTANCE VI_1 STOP 100"));
    }

    @Test
    void unicastPeersWithKeepalivedFailOver() throws Exception {
        fulcrum(d1, "f1", config("d1", "BACKUP", 150,
                "    unicast_src_ip 10.78.0.1\n    unicast_peer {\n        10.78.0.2\n    }\n"));
        Keepalived k = keepalived(d2, "k2", config("d2", "BACKUP", 100,
                "    unicast_src_ip 10.78.0.2\n    unicast_peer {\n        10.78.0.1\n    }\n"));
        awaitMaster(d1, d2, "d1", TAKEOVER);
        Thread.sleep(3000); // keepalived hears the unicast adverts: it stays BACKUP
        assertThat(hasVip(d2)).isFalse();
        d1.ip("link", "set", "eth0", "down");
        await().atMost(TAKEOVER).until(() -> hasVip(d2));
        assertThat(k.log()).contains("(VI_1) Entering MASTER STATE");
    }

    @Test
    void ipv6InstancesFailOverWithNeighbourAdvertisements() throws Exception {
        String vip6 = "fd00:78::100";
        for (Netns ns : List.of(d1, d2, client)) {
            awaitLinkLocal(ns);
        }
        client.ip("-6", "addr", "replace", "fd00:78::10/64", "dev", "eth0", "nodad");
        String v6 = """
                vrrp_instance VI_6 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 61
                    priority %d
                    advert_int 1
                    virtual_ipaddress {
                        %s/64
                    }
                }
                """;
        Fulcrum f1 = fulcrum(d1, "f1", v6.formatted(150, vip6));
        fulcrum(d2, "f2", v6.formatted(100, vip6));
        await().atMost(TAKEOVER).until(() -> has(d1, vip6) && !has(d2, vip6));
        // the new address passes duplicate address detection first (about a second), as with keepalived
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
                !client.run("ping", "-6", "-c", "1", "-W", "1", vip6).isEmpty());
        assertThat(client.ip("-6", "neigh", "show", vip6)).contains(mac(d1));
        f1.kill();
        d1.ip("-6", "addr", "del", vip6 + "/64", "dev", "eth0");
        await().atMost(TAKEOVER).until(() -> has(d2, vip6));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(client.ip("-6", "neigh", "show", vip6)).contains(mac(d2)));
        for (Netns d : List.of(d1, d2)) {
            if (has(d, vip6)) {
                d.ip("-6", "addr", "del", vip6 + "/64", "dev", "eth0");
            }
        }
    }

    static boolean has(Netns ns, String address) throws LabException {
        return ns.ip("-o", "addr", "show", "dev", "eth0").contains(" " + address + "/");
    }

    /** Waits until the interface's IPv6 link-local address has passed duplicate address detection. */
    static void awaitLinkLocal(Netns ns) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            String a = ns.ip("-6", "-o", "addr", "show", "dev", "eth0", "scope", "link");
            return a.contains("fe80::") && !a.contains("tentative");
        });
    }

    private static List<String> lines(Path p) throws IOException {
        return Files.exists(p) ? Files.readAllLines(p) : List.of();
    }
}
