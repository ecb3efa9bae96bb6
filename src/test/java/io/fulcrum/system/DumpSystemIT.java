package io.fulcrum.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.lab.Netns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * keepalived's dumps from a Fulcrum master facing a keepalived 2.2.7 backup on one segment: Fulcrum's stats count
 * what keepalived saw (its adverts sent are keepalived's adverts received), its stats dump has keepalived's lines
 * and its JSON dump keepalived's keys in keepalived's order, SIGUSR2 (the JVM's own signal, moved away as
 * bin/fulcrum does) writes the stats file and STATS_CLEAR writes it then zeroes the counters.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DumpSystemIT {

    private static final String VIP = "10.79.0.100";
    private static final Pattern NUMBER = Pattern.compile("\\d+");

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

    private static String config(String routerId, int priority, String extra) {
        return """
                global_defs {
                    router_id %s
                %s}
                vrrp_instance VI_1 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 51
                    priority %d
                    advert_int 1
                    authentication {
                        auth_type PASS
                        auth_pass secret1
                    }
                    virtual_ipaddress {
                        %s/24
                    }
                }
                """.formatted(routerId, extra, priority, VIP);
    }

    private static long counter(String stats, String label) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label) + ": (\\d+)$").matcher(stats);
        assertThat(m.find()).as(label + " in\n" + stats).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static List<String> keys(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    @Test
    void fulcrumsDumpsMatchKeepalivedsPeer() throws Exception {
        Path stats = lab.dir().resolve("f1.stats");
        Path conf = lab.dir().resolve("f1.conf");
        // Fulcrum's own files: keepalived 2.2.7 writes its dumps to /tmp/keepalived.* whatever it is told
        Files.writeString(conf, config("f1", 150, "    stats_dump_file " + stats + "\n    json_dump_file "
                + lab.dir().resolve("f1.json") + "\n"));
        Path socket = lab.dir().resolve("f1.sock");
        List<String> cmd = new ArrayList<>(List.of("env", "_JAVA_SR_SIGNUM=39"));
        cmd.addAll(Fulcrum.java("run", "-f", conf.toString(), "--socket", socket.toString()));
        Process fulcrum = lab.start(d1, "f1", cmd);
        Keepalived keepalived = Keepalived.start(lab, d2, "k2", config("k2", 100, ""));
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(d1.ip("-o", "addr", "show", "dev", "eth0")).contains(" " + VIP + "/"));
            Thread.sleep(3000); // a few adverts for keepalived to count
            long keepalivedPid = Long.parseLong(Files.readString(lab.dir().resolve("k2.pid")).strip());
            Path keepalivedStats = Path.of("/tmp/keepalived.stats"); // keepalived 2.2.7's only place
            Files.deleteIfExists(keepalivedStats);
            String before = cli(socket, "dump", "--stats");
            signal("USR2", keepalivedPid);
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(keepalivedStats));
            Thread.sleep(200);
            String theirs = Files.readString(keepalivedStats);
            String after = cli(socket, "dump", "--stats");
            assertThat(Files.readString(stats)).as("the file fulcrum dump --stats had written").isEqualTo(after);

            // the same lines, numbers aside
            assertThat(NUMBER.matcher(before).replaceAll("N")).isEqualTo(NUMBER.matcher(theirs).replaceAll("N"));
            assertThat(counter(before, "  Became master")).isEqualTo(1);
            assertThat(counter(before, "    Length") + counter(before, "    TTL")
                    + counter(before, "    Failure")).isZero();
            // every advert keepalived received, Fulcrum counted as sent (in between the two dumps)
            long received = counter(theirs, "    Received");
            assertThat(received).isPositive()
                    .isBetween(counter(before, "    Sent") - 2, counter(after, "    Sent") + 1);
            // keepalived may have been master while the JVM started, before the higher priority took over
            assertThat(counter(theirs, "  Became master")).isEqualTo(counter(theirs, "  Released master"));

            // the JSON dump: keepalived's keys in keepalived's order
            Path keepalivedJson = Path.of("/tmp/keepalived.json");
            Files.deleteIfExists(keepalivedJson);
            signal("36", keepalivedPid);
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(keepalivedJson));
            Thread.sleep(200);
            ObjectMapper json = new ObjectMapper();
            JsonNode keepaliveds = json.readTree(Files.readString(keepalivedJson));
            JsonNode ours = json.readTree(cli(socket, "dump", "--json"));
            assertThat(keys(ours.get(0).get("data"))).isEqualTo(keys(keepaliveds.get(0).get("data")));
            assertThat(keys(ours.get(0).get("stats"))).isEqualTo(keys(keepaliveds.get(0).get("stats")));
            assertThat(ours.get(0).get("data").get("state").asInt()).isEqualTo(2);
            assertThat(keepaliveds.get(0).get("data").get("state").asInt()).isEqualTo(1);
            assertThat(ours.get(0).get("stats").get("advert_sent").asLong()).isGreaterThanOrEqualTo(received);

            // SIGUSR2 to Fulcrum writes its stats file
            signal("USR2", fulcrum.pid());
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(stats));
            Thread.sleep(200);
            assertThat(Files.readString(stats)).startsWith("VRRP Instance: VI_1\n  Advertisements:\n");
            // STATS_CLEAR: the stats dump, then the counters back to zero
            Files.delete(stats);
            signal(Integer.toString(io.fulcrum.control.DaemonSignal.STATS_CLEAR.number()), fulcrum.pid());
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(stats));
            Thread.sleep(200);
            assertThat(counter(Files.readString(stats), "  Became master")).isEqualTo(1);
            assertThat(counter(cli(socket, "dump", "--stats"), "  Became master")).isZero();
            assertThat(fulcrum.isAlive()).isTrue();
        } finally {
            fulcrum.destroy();
            if (!fulcrum.waitFor(30, TimeUnit.SECONDS)) {
                fulcrum.destroyForcibly();
            }
            keepalived.stop();
            Files.deleteIfExists(Path.of("/tmp/keepalived.stats"));
            Files.deleteIfExists(Path.of("/tmp/keepalived.json"));
        }
    }

    private static String cli(Path socket, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--socket");
        all.add(socket.toString());
        Process p = new ProcessBuilder(Fulcrum.java(all.toArray(String[]::new))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("fulcrum " + String.join(" ", all) + ": " + out).isZero();
        return out;
    }
}
