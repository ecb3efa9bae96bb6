package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.cli.FulcrumProcess.Daemon;
import io.fulcrum.cli.FulcrumProcess.Run;
import io.fulcrum.nativeio.UnixDatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * keepalived's dumps of a running {@code fulcrum run} (a full-NAT service on 127.0.0.1, no root needed): the dump
 * signals as bin/fulcrum starts the JVM (with {@code _JAVA_SR_SIGNUM}), {@code fulcrum dump} over the control
 * socket, {@code fulcrum signum}, and the log sent to a syslog socket.
 */
class DumpDaemonIT {

    @TempDir
    Path dir;

    private final List<Daemon> started = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Daemon d : started) {
            d.stop();
        }
    }

    private Path config() throws Exception {
        Path f = dir.resolve("keepalived.conf");
        Files.writeString(f, """
                global_defs {
                    router_id dump-it
                    state_dump_file %s
                    stats_dump_file %s
                    json_dump_file %s
                }
                virtual_server 127.0.0.1 %d {
                    delay_loop 30
                    protocol TCP
                    lvs_sched rr
                    lvs_method FNAT
                    real_server 127.0.0.1 %d {
                        weight 2
                    }
                }
                """.formatted(dir.resolve("k.data"), dir.resolve("k.stats"), dir.resolve("k.json"),
                ProxyDaemonIT.freePort(), ProxyDaemonIT.freePort()));
        return f;
    }

    /** {@code fulcrum run} started as bin/fulcrum starts it: HotSpot's SIGUSR2 moved away. */
    private Daemon daemon(Path socket, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "-f", config().toString(), "--socket", socket.toString()));
        args.addAll(List.of(more));
        List<String> cmd = new ArrayList<>(List.of("env", "_JAVA_SR_SIGNUM=39"));
        cmd.addAll(FulcrumProcess.command(args.toArray(String[]::new)));
        Daemon d = Daemon.launch(dir, "d", socket, cmd);
        started.add(d);
        return d;
    }

    private static void kill(Daemon d, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(d.process().pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -" + signal).isZero();
    }

    private static String await(Path file, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                Thread.sleep(200); // written in one go; let it finish
                return Files.readString(file);
            }
            Thread.sleep(50);
        }
        throw new AssertionError(file + " not written within " + within);
    }

    @Test
    void dumpSignalsWriteKeepalivedsFiles() throws Exception {
        Path sock = dir.resolve("f.sock");
        Daemon d = daemon(sock).awaitReady();
        kill(d, "USR1");
        String data = await(dir.resolve("k.data"), Duration.ofSeconds(20));
        assertThat(data).startsWith("------< Global definitions >------\n Router ID = dump-it\n")
                .contains("------< LVS Topology >------\n", "   RIP = 127.0.0.1, RPORT = ",
                        ", WEIGHT = 2\n   forwarding method = FNAT\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("k.data"))))
                .isEqualTo("rw-------");
        kill(d, "USR2");
        assertThat(await(dir.resolve("k.stats"), Duration.ofSeconds(20))).isEmpty(); // no VRRP instance
        Run signum = FulcrumProcess.run("", "signum", "JSON");
        assertThat(signum.out()).isEqualTo("36\n");
        kill(d, signum.out().strip());
        assertThat(await(dir.resolve("k.json"), Duration.ofSeconds(20))).isEqualTo("[]");
        long pid = d.process().pid();
        assertThat(d.log()).contains(": Printing data for process(" + pid + ") on signal\n",
                ": Printing VRRP stats for process(" + pid + ") on signal\n",
                ": Printing VRRP as json for process(" + pid + ") on signal\n")
                .doesNotContain("cannot be handled", "_JAVA_SR_SIGNUM");
        assertThat(d.process().isAlive()).isTrue();
        assertThat(d.signal("TERM")).isZero();
    }

    @Test
    void fulcrumDumpWritesTheFileAndPrintsIt() throws Exception {
        Path sock = dir.resolve("f.sock");
        Daemon d = daemon(sock).awaitReady();
        Run data = FulcrumProcess.run("", "dump", "--data", "--socket", sock.toString());
        assertThat(data.err()).isEmpty();
        assertThat(data.code()).isZero();
        assertThat(data.out()).isEqualTo(Files.readString(dir.resolve("k.data"))).contains(" VS VIP = 127.0.0.1");
        Run stats = FulcrumProcess.run("", "dump", "--stats", "--socket", sock.toString());
        assertThat(stats.code()).isZero();
        assertThat(stats.out()).isEmpty();
        assertThat(stats.err()).isEqualTo("fulcrum dump: the stats dump is empty: the daemon runs no VRRP instance ("
                + dir.resolve("k.stats") + " written)\n");
        assertThat(Files.readString(dir.resolve("k.stats"))).isEmpty();
        Run json = FulcrumProcess.run("", "dump", "--json", "--path", "--socket", sock.toString());
        assertThat(json.out()).isEqualTo(dir.resolve("k.json") + "\n");
        assertThat(Files.readString(dir.resolve("k.json"))).isEqualTo("[]");
        Run both = FulcrumProcess.run("", "dump", "--data", "--json", "--socket", sock.toString());
        assertThat(both.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("mutually exclusive");
        assertThat(d.log()).contains(" on request (fulcrum dump)\n");
    }

    @Test
    void signumAnswersAsKeepalived() throws Exception {
        for (String[] pair : new String[][] {{"DATA", "10"}, {"STATS", "12"}, {"STATS_CLEAR", "63"},
                {"json", "36"}, {"RELOAD", "1"}, {"STOP", "15"}}) {
            Run r = FulcrumProcess.run("", "signum", pair[0]);
            assertThat(r.out()).as(pair[0]).isEqualTo(pair[1] + "\n");
            assertThat(r.code()).isZero();
        }
        Run bad = FulcrumProcess.run("", "signum", "TDATA");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).startsWith("fulcrum signum: unknown signal function 'TDATA'");
    }

    @Test
    void theLogGoesToSyslogWhenAsked() throws Exception {
        Path sock = dir.resolve("f.sock");
        Path log = dir.resolve("log");
        try (UnixDatagramSocket syslog = UnixDatagramSocket.bind(log)) {
            Daemon d = daemon(sock, "--log-syslog", "--log-facility", "local0", "--log-syslog-socket",
                    log.toString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            List<String> lines = new ArrayList<>();
            while (System.nanoTime() < deadline && lines.stream().noneMatch(l -> l.contains(" ready "))) {
                Optional<byte[]> got = syslog.receive(500, 4096);
                got.ifPresent(b -> lines.add(new String(b, StandardCharsets.UTF_8)));
            }
            String pid = Long.toString(d.process().pid());
            assertThat(lines).isNotEmpty();
            assertThat(lines.getFirst()).matches("<134>[A-Z][a-z]{2} [ 1-3][0-9] [0-9:]{8} Fulcrum\\[" + pid
                    + "\\]: Starting Fulcrum .*");
            assertThat(lines).anyMatch(l -> l.endsWith("]: Control socket " + sock + " ready (mode 0600); ipvsadm:"
                    + " fulcrum ipvsadm --socket " + sock + " -Ln"));
            assertThat(d.log()).contains("Logging to syslog: " + log + ", facility local0, as Fulcrum[" + pid + "]")
                    .doesNotContain("Starting Fulcrum");
        }
    }
}
