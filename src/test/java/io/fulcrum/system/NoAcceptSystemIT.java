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
 * by kill -9 is deleted at the next start. With {@code accept} the VIP answers and no table is made. The same for
 * an IPv6 instance (table {@code ip6 keepalived}), whose VIPs still answer neighbour solicitations. keepalived
 * 2.2.7 with the same configuration makes the same tables and drops the same traffic.
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
    static final String VIP6 = "fd00:77::100";
    /** The IPv6 table both make for a link-local and a global VIP. */
    static final String TABLE6 = """
            table ip6 keepalived {
            	set vips {
            		type ipv6_addr
            		elements = { fd00:77::100 }
            	}

            	set neighbor-discovery {
            		type icmpv6_type
            		flags constant
            		elements = { nd-neighbor-solicit,
            			     nd-neighbor-advert }
            	}

            	set vips_link_local {
            		type ipv6_addr . iface_index
            		elements = { fe80::100 . "eth0" }
            	}

            	chain out {
            		type filter hook output priority filter - 1; policy accept;
            		icmpv6 type @neighbor-discovery accept
            		ip6 saddr fe80::/10 goto out_link_local
            		ip6 saddr @vips drop
            	}

            	chain in {
            		type filter hook input priority filter - 1; policy accept;
            		icmpv6 type @neighbor-discovery accept
            		ip6 daddr fe80::/10 goto in_link_local
            		ip6 daddr @vips drop
            	}

            	chain in_link_local {
            		ip6 daddr . iif @vips_link_local drop
            	}

            	chain out_link_local {
            		ip6 saddr . oif @vips_link_local drop
            	}
            }
            """;

    private SystemLab lab;
    private Netns d1;
    private Netns client;
    private final List<Director> running = new ArrayList<>();

    @BeforeAll
    void lab() throws Exception {
        lab = SystemLab.create();
        d1 = lab.host("d1", "10.77.0.1/24");
        client = lab.host("client", "10.77.0.10/24");
        for (Netns ns : List.of(d1, client)) { // no duplicate address detection: IPv6 VIPs usable at once
            ns.run("sysctl", "-qw", "net.ipv6.conf.eth0.accept_dad=0");
        }
        d1.ip("addr", "add", "fd00:77::1/64", "dev", "eth0", "nodad");
        client.ip("addr", "add", "fd00:77::10/64", "dev", "eth0", "nodad");
        lab.start(d1, "web1", Fulcrum.java("backend", "--listen", "[::]:" + PORT, "--text", "d1"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> fetch("10.77.0.1").equals("d1"));
    }

    @AfterEach
    void stopDirectors() throws Exception {
        for (Director d : running) {
            d.kill();
        }
        running.clear();
        if (hasVip()) {
            d1.ip("addr", "del", VIP + "/24", "dev", "eth0");
        }
        for (String v6 : List.of(VIP6, "fe80::100")) {
            if (d1.ip("-o", "addr", "show", "dev", "eth0").contains(" " + v6 + "/")) {
                d1.ip("addr", "del", v6 + "/64", "dev", "eth0");
            }
        }
        d1.run("sh", "-c", "nft delete table ip keepalived 2>/dev/null; nft delete table ip6 keepalived"
                + " 2>/dev/null; true");
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
                vrrp_instance VI_6 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 62
                    priority 100
                    advert_int 0.5
                    %s
                    virtual_ipaddress {
                        fe80::100/64
                        %s/64
                    }
                }
                """.formatted(strict ? "vrrp_strict" : "", extra, VIP, extra, VIP6);
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
        return table("ip");
    }

    private String table(String family) {
        try {
            return d1.run("nft", "list", "table", family, "keepalived");
        } catch (LabException e) {
            return "";
        }
    }

    private boolean pings() {
        return pings(VIP);
    }

    private boolean pings(String address) {
        try {
            client.run("ping", "-c", "1", "-W", "0.5", address);
            return true;
        } catch (LabException e) {
            return false;
        }
    }

    private boolean hasVip6() throws LabException {
        return d1.ip("-o", "addr", "show", "dev", "eth0").contains(" " + VIP6 + "/");
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
        await().atMost(MASTER_WITHIN).pollInterval(Duration.ofMillis(100)).until(this::hasVip6);
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(table("ip6")).isEqualTo(TABLE6));
        assertThat(pings("fd00:77::1")).as("the director's own IPv6 address answers").isTrue();
        assertThat(pings(VIP6)).as("ping to the IPv6 VIP").isFalse();
        assertThat(fetch("[" + VIP6 + "]")).as("TCP to the IPv6 VIP").isEmpty();
        assertThat(client.ip("-6", "neigh", "show", VIP6)).as("neighbour discovery is not filtered")
                .contains(VrrpSystemIT.mac(d1));
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
        assertThat(table("ip6")).as("the IPv6 table after SIGTERM").isEmpty();
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
            assertThat(pings(VIP6)).as("ping to the IPv6 VIP").isTrue();
            assertThat(fetch("[" + VIP6 + "]")).as("TCP to the IPv6 VIP").isEqualTo("d1");
        });
        assertThat(table()).isEmpty();
        assertThat(table("ip6")).isEmpty();
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
        assertThat(table("ip6")).as("keepalived's IPv6 table after SIGTERM").isEmpty();
    }
}
