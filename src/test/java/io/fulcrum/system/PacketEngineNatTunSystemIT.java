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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The packet engine's NAT and TUN forwarding on one lab. NAT: the real servers sit in 10.1.0.0/24 with the director
 * (10.1.0.2, on the same segment as a second address: a one-armed NAT) as their default gateway; the client in
 * 10.0.0.0/24 reaches VIP 10.0.0.100:80, the director rewrites to the real server's 10.1.0.1x:8080 and the replies
 * back to the VIP. TUN: VIP 10.0.0.101:80 wraps each packet in IPIP toward real servers that run
 * {@code fulcrum realserver start --decap} (this kernel has no ipip module) and answer the client directly.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PacketEngineNatTunSystemIT {

    /** 2 MB the real servers send back through the NAT director: TSO super-frames over the veths. */
    private static final byte[] BIG = new byte[2_000_000];

    static {
        new java.util.Random(7).nextBytes(BIG);
    }

    private SystemLab lab;
    private Netns client;
    private Fulcrum fulcrum;

    @BeforeAll
    void up() throws Exception {
        lab = SystemLab.create();
        client = lab.host("client", "10.0.0.50/24");
        Netns director = lab.host("director", "10.0.0.2/24");
        director.ip("addr", "add", "10.1.0.2/24", "dev", "eth0");
        director.ip("addr", "add", "10.0.0.100/32", "dev", "eth0");
        director.ip("addr", "add", "10.0.0.101/32", "dev", "eth0");
        for (int i = 1; i <= 2; i++) {
            Netns nat = lab.host("nat" + i, "10.1.0.1" + i + "/24");
            nat.ip("route", "add", "default", "via", "10.1.0.2");
            Path root = lab.dir().resolve("nat" + i);
            Files.createDirectories(root.resolve("www"));
            Files.writeString(root.resolve("www/index.html"), "NAT" + i + "\n");
            Files.write(root.resolve("www/big.bin"), BIG);
            Files.writeString(root.resolve("nginx.conf"), "daemon off;\nmaster_process off;\nworker_processes 1;\npid "
                    + root.resolve("nginx.pid") + ";\nerror_log " + root.resolve("error.log") + ";\nevents {"
                    + " worker_connections 64; }\nhttp {\n  access_log off;\n  server { listen 10.1.0.1" + i
                    + ":8080; root " + root.resolve("www") + "; }\n}\n");
            lab.start(nat, "nginx-nat" + i, List.of("nginx", "-p", root.toString(), "-c",
                    root.resolve("nginx.conf").toString()));

            Netns tun = lab.host("tun" + i, "10.0.0.2" + i + "/24");
            lab.start(tun, "decap" + i, Fulcrum.java("realserver", "start", "--vip", "10.0.0.101", "--decap",
                    "--state-dir", lab.dir().resolve("state-tun" + i).toString()));
            awaitAddress(tun, "10.0.0.101");
            Nginx.start(lab, tun, "nginx-tun" + i, "10.0.0.101", "TUN" + i + "\n", false);
        }
        Path conf = lab.dir().resolve("nat-tun.conf");
        Files.writeString(conf, """
                virtual_server 10.0.0.100 80 {
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                    real_server 10.1.0.11 8080 {
                    }
                    real_server 10.1.0.12 8080 {
                    }
                }
                virtual_server 10.0.0.101 80 {
                    lb_algo rr
                    lb_kind TUN
                    protocol TCP
                    real_server 10.0.0.21 80 {
                    }
                    real_server 10.0.0.22 80 {
                    }
                }
                """);
        fulcrum = Fulcrum.run(lab, director, "director", conf);
    }

    private static void awaitAddress(Netns ns, String address) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!ns.ip("addr", "show", "dev", "lo").contains(address)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the VIP never appeared on lo of " + ns);
            }
            Thread.sleep(50);
        }
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

    private List<String> answers(String vip, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        String first = "";
        while (first.isEmpty() && System.nanoTime() < deadline) {
            first = client.run("curl", "-s", "--max-time", "2", "http://" + vip + "/").strip();
        }
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            seen.add(client.run("curl", "-s", "--max-time", "3", "http://" + vip + "/").strip());
        }
        return seen;
    }

    @Test
    void natRewritesBothWaysAndAlternates() throws Exception {
        List<String> seen = answers("10.0.0.100", 4);
        assertThat(seen).as("director log:\n%s", fulcrum.log()).containsOnly("NAT1", "NAT2");
        assertThat(seen.get(0)).isNotEqualTo(seen.get(1));
        assertThat(fulcrum.ipvsadm("-Ln")).contains("-> 10.1.0.11:8080").contains("Masq");
    }

    /**
     * A large response through NAT: the real server's TCP sends TSO super-frames over its veth, which the engine
     * cuts into MTU-sized segments (software GSO); the client gets every byte.
     */
    @Test
    void aLargeNatResponseArrivesWhole() throws Exception {
        answers("10.0.0.100", 1);
        Path got = lab.dir().resolve("big.out");
        for (int i = 0; i < 2; i++) {
            Files.deleteIfExists(got);
            client.run("curl", "-s", "--max-time", "20", "-o", got.toString(), "http://10.0.0.100/big.bin");
            assertThat(Files.mismatch(got, lab.dir().resolve("nat" + (i + 1)).resolve("www/big.bin")))
                    .as("byte-exact; director log:\n%s", fulcrum.log()).isEqualTo(-1);
        }
    }

    @Test
    void tunEncapsulatesAndTheRealServersAnswerDirectly() throws Exception {
        List<String> seen = answers("10.0.0.101", 4);
        assertThat(seen).as("director log:\n%s", fulcrum.log()).containsOnly("TUN1", "TUN2");
        assertThat(seen.get(0)).isNotEqualTo(seen.get(1));
        assertThat(fulcrum.ipvsadm("-Ln")).contains("-> 10.0.0.21:80").contains("Tunnel");
    }
}
