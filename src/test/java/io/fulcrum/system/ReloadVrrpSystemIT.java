package io.fulcrum.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A reload that leaves a VRRP instance unchanged sends no state change: two Fulcrum directors share a virtual
 * address; the MASTER is reloaded with {@code fulcrum reload} and the BACKUP with SIGHUP, several times, with a
 * configuration whose only change is a virtual server's weight (and a second virtual server). Their notify logs
 * show no new transition, the VIP never leaves the MASTER, the BACKUP never becomes MASTER, and tcpdump on the
 * BACKUP sees the MASTER's adverts go on at its priority and interval, never priority 0. The weight change itself is applied.
 * Then a reload that changes the instance (its priority) re-initialises it, as keepalived does.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReloadVrrpSystemIT {

    static final String VIP = "10.79.0.100";
    static final Duration TAKEOVER = Duration.ofSeconds(8);
    private static final Pattern ADVERT = Pattern.compile("^(\\d+):(\\d+):(\\d+\\.\\d+) IP (\\d+\\.\\d+\\.\\d+\\.\\d+)"
            + " > 224\\.0\\.0\\.18: VRRPv2, Advertisement, vrid 51, prio (\\d+)");

    private SystemLab lab;
    private Netns d1;
    private Netns d2;

    @BeforeAll
    void lab() throws Exception {
        lab = SystemLab.create();
        d1 = lab.host("d1", "10.79.0.1/24");
        d2 = lab.host("d2", "10.79.0.2/24");
    }

    @AfterAll
    void teardown() {
        if (lab != null) {
            lab.close();
        }
    }

    private Path notifyScript(String name) throws IOException {
        Path out = lab.dir().resolve(name + ".notify");
        Path script = lab.dir().resolve(name + ".sh");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" >> " + out + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static String config(String routerId, int priority, Path notify, int weight, boolean second) {
        String vs = """
                virtual_server %s 8080 {
                    lvs_sched wrr
                    lvs_method FNAT
                    protocol TCP
                    real_server 10.79.0.1 9000 {
                        weight %d
                    }
                }
                """;
        return """
                global_defs {
                    router_id %s
                }
                vrrp_instance VI_1 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 51
                    priority %d
                    advert_int 1
                    virtual_ipaddress {
                        %s/24
                    }
                    notify %s
                }
                """.formatted(routerId, priority, VIP, notify) + vs.formatted(VIP, weight)
                + (second ? vs.replace("8080", "8081").formatted(VIP, 1) : "");
    }

    private static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean hasVip(Netns ns) throws Exception {
        return ns.ip("-o", "addr", "show", "dev", "eth0").contains(" " + VIP + "/");
    }

    private static List<String> lines(Path p) throws IOException {
        return Files.exists(p) ? Files.readAllLines(p) : List.of();
    }

    /** A tcpdump line's time of day in seconds (a capture does not cross midnight in this test's minute). */
    private static double seconds(Matcher m) {
        return Integer.parseInt(m.group(1)) * 3600 + Integer.parseInt(m.group(2)) * 60
                + Double.parseDouble(m.group(3));
    }

    private static long count(String text, String part) {
        return text.lines().filter(l -> l.contains(part)).count();
    }

    @Test
    void reloadingBothDirectorsWithAnUnchangedInstanceChangesNoState() throws Exception {
        Path n1 = notifyScript("d1");
        Path n2 = notifyScript("d2");
        Path out1 = lab.dir().resolve("d1.notify");
        Path out2 = lab.dir().resolve("d2.notify");
        Path c1 = lab.dir().resolve("f1.conf");
        Path c2 = lab.dir().resolve("f2.conf");
        write(c1, config("d1", 150, n1, 1, false));
        write(c2, config("d2", 100, n2, 1, false));
        Fulcrum master = Fulcrum.run(lab, d1, "f1", c1, "--log-detail");
        await().atMost(TAKEOVER).until(() -> hasVip(d1));
        Fulcrum backup = Fulcrum.run(lab, d2, "f2", c2, "--log-detail");
        try {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(lines(out1)).containsExactly("INSTANCE VI_1 BACKUP 150", "INSTANCE VI_1 MASTER 150");
                assertThat(lines(out2)).containsExactly("INSTANCE VI_1 BACKUP 100");
            });
            assertThat(backup.status()).contains("BACKUP, priority 100");
            Thread.sleep(2000);
            Process tcpdump = lab.start(d2, "tcpdump", List.of("tcpdump", "-i", "eth0", "-n", "-l", "-p", "vrrp"));
            Thread.sleep(1500);

            for (int i = 1; i <= 6; i++) {
                boolean odd = i % 2 == 1;
                write(c1, config("d1", 150, n1, odd ? 3 : 1, odd));
                write(c2, config("d2", 100, n2, odd ? 3 : 1, odd));
                assertThat(master.cli("reload")).contains("Reload finished in ");
                long before = count(backup.log(), "Reload finished in ");
                assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(backup.pid())).start().waitFor())
                        .isZero();
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        count(backup.log(), "Reload finished in ") > before);
                for (int t = 0; t < 5; t++) { // the VIP stays where it is through the reloads
                    assertThat(hasVip(d1)).isTrue();
                    assertThat(hasVip(d2)).isFalse();
                    Thread.sleep(100);
                }
            }
            assertThat(master.ipvsadm("-Ln")).contains("-> 10.79.0.1:9000").contains("FNAT    1 ")
                    .doesNotContain(":8081");
            write(c1, config("d1", 150, n1, 3, true));
            master.cli("reload");
            assertThat(master.ipvsadm("-Ln")).contains("FNAT    3 ").contains(VIP + ":8081");
            Thread.sleep(3500); // three more adverts seen by the backup
            tcpdump.destroy();
            tcpdump.waitFor();

            assertThat(lines(out1)).as("the MASTER's notify log").containsExactly("INSTANCE VI_1 BACKUP 150",
                    "INSTANCE VI_1 MASTER 150");
            assertThat(lines(out2)).as("the BACKUP's notify log").containsExactly("INSTANCE VI_1 BACKUP 100");
            assertThat(backup.log()).doesNotContain("Entering MASTER STATE");
            assertThat(master.log()).doesNotContain("sent 0 priority").doesNotContain("re-initialising");
            assertThat(backup.status()).contains("BACKUP, priority 100").contains("master: 10.79.0.1");

            List<Matcher> adverts = Files.readAllLines(lab.log("tcpdump")).stream().map(ADVERT::matcher)
                    .filter(Matcher::find).toList();
            assertThat(adverts).as("adverts seen during the reloads").hasSizeGreaterThan(5);
            assertThat(adverts).allSatisfy(m -> {
                assertThat(m.group(4)).isEqualTo("10.79.0.1");
                assertThat(m.group(5)).isEqualTo("150");
            });
            for (int i = 1; i < adverts.size(); i++) { // advert_int 1: no advert missed through the reloads
                assertThat(seconds(adverts.get(i)) - seconds(adverts.get(i - 1))).as("gap before advert %d", i)
                        .isLessThan(1.9);
            }

            // a changed instance is re-initialised: the master resigns (priority 0) and the backup takes over
            write(c1, config("d1", 90, n1, 3, true));
            assertThat(master.cli("reload")).contains("(VI_1) changed by the reload: re-initialising");
            await().atMost(TAKEOVER).until(() -> hasVip(d2) && !hasVip(d1));
            assertThat(lines(out2)).containsExactly("INSTANCE VI_1 BACKUP 100", "INSTANCE VI_1 MASTER 100");
        } finally {
            master.kill();
            backup.kill();
            for (Netns d : List.of(d1, d2)) {
                if (hasVip(d)) {
                    d.ip("addr", "del", VIP + "/24", "dev", "eth0");
                }
            }
        }
    }
}
