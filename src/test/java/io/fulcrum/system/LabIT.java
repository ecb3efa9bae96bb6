package io.fulcrum.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fulcrum lab} end to end, as a person runs it: the built jar's {@code lab up} on a seed pair (through the
 * user-space proxy, which serves DR services without a packet engine), {@code lab status}, {@code lab test} passing
 * the seeds' three checks, {@code lab down} leaving no namespace of the lab behind. Seed 000 with two Fulcrum
 * directors; seed 003 with keepalived 2.2.7 as the backup, taken down after its state file is lost (a crashed lab).
 */
@Tag("system")
class LabIT {

    static final String SEEDS = "src/test/resources/seeds/";
    static final String LAB = "src/test/resources/lab/";

    @TempDir
    Path dir;

    private final List<String> names = new ArrayList<>();

    record Run(int code, String out, String err, long millis) {
        String all() {
            return out + err;
        }
    }

    private Run fulcrum(String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(Fulcrum.java(args)).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("fulcrum " + String.join(" ", args) + " did not end in 180 s:\n"
                    + Files.readString(out) + Files.readString(err));
        }
        Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        System.out.printf("fulcrum %s: exit %d in %.1f s%n%s%s%n", String.join(" ", args), r.code(),
                r.millis() / 1000.0, r.out(), r.err());
        return r;
    }

    private String name(String base) {
        String n = base + ProcessHandle.current().pid() % 100000;
        names.add(n);
        return n;
    }

    private static String namespaces() throws IOException {
        return new String(new ProcessBuilder("ip", "netns", "list").start().getInputStream().readAllBytes());
    }

    @AfterEach
    void downAnyway() throws Exception {
        for (String n : names) {
            new ProcessBuilder(Fulcrum.java("lab", "down", "--name", n, "--state-dir", dir.resolve(n).toString()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                    .waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void seed000WithTwoFulcrumDirectorsPassesTheThreeChecks() throws Exception {
        assumeTrue(SystemLab.isRoot(), "the lab needs root");
        String name = name("it0-");
        String state = dir.resolve(name).toString();

        Run up = fulcrum("lab", "up", "--name", name, "--state-dir", state, "--master", SEEDS + "000-master.conf",
                "--backup", SEEDS + "000-backup.conf");
        assertThat(up.code()).as(up.all()).isZero();
        assertThat(up.out()).contains("client   172.17.0.1/24 on eth0", "master   172.17.0.2 on eth0",
                "backup   172.17.0.3 on eth0", "rs1      172.17.0.4 on eth0", "rs2      172.17.0.5 on eth0",
                "The master director (priority 101) holds the VIP 172.17.0.10");
        assertThat(namespaces()).contains("fl-" + name + "-client", "fl-" + name + "-br", "fl-" + name + "-rs2");

        Run again = fulcrum("lab", "up", "--name", name, "--state-dir", state, "--master", SEEDS + "000-master.conf",
                "--backup", SEEDS + "000-backup.conf");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("lab " + name + " is already up").doesNotContain("Exception");

        Run status = fulcrum("lab", "status", "--name", name, "--state-dir", state);
        assertThat(status.code()).as(status.all()).isZero();
        assertThat(status.out()).contains("VIP 172.17.0.10: held by the master director (eth0, MAC ",
                "TCP  172.17.0.10:80 rr", "-> 172.17.0.4:80", "-> 172.17.0.5:80", "fl-" + name + "-master")
                .doesNotContain("NOT RUNNING");

        Run test = fulcrum("lab", "test", "--name", name, "--state-dir", state);
        assertThat(test.code()).as(test.all()).isZero();
        assertThat(test.out()).contains("check 1 PASS", "check 2 PASS", "check 3 PASS",
                "from 172.17.0.1: ", "rs1 left the table", "-> the backup director's eth0",
                "a connection opened before the failure (one TCP connection, HTTP keep-alive): rs",
                "the same connection after the failover: lost (no answer in 3 s), as expected: the directors do not"
                        + " share connections and rr does not hash the client");

        Run down = fulcrum("lab", "down", "--name", name, "--state-dir", state);
        assertThat(down.code()).as(down.all()).isZero();
        assertThat(down.out()).contains("removed: 6 namespaces");
        assertThat(namespaces()).doesNotContain("fl-" + name + "-");
        assertThat(Path.of(state)).doesNotExist();
        Run twice = fulcrum("lab", "down", "--name", name, "--state-dir", state);
        assertThat(twice.code()).isZero();
        assertThat(twice.out()).contains("is not up: nothing to remove");
    }

    @Test
    void seed003WithKeepalivedAsTheBackupPassesAndACrashedLabIsCleanedUp() throws Exception {
        assumeTrue(SystemLab.isRoot(), "the lab needs root");
        String name = name("it3-");
        String state = dir.resolve(name).toString();

        Run up = fulcrum("lab", "up", "--name", name, "--state-dir", state, "--master", SEEDS + "003-master.conf",
                "--backup", SEEDS + "003-backup.conf", "--peer", "keepalived");
        assertThat(up.code()).as(up.all()).isZero();
        assertThat(up.out()).contains("on ens33", "keepalived --vrrp");
        assertThat(Files.readString(Path.of(state, "backup-vrrp-only.conf"))).contains("vrrp_instance LVS")
                .doesNotContain("real_server");

        Run test = fulcrum("lab", "test", "--name", name, "--state-dir", state);
        assertThat(test.code()).as(test.all()).isZero();
        assertThat(test.out()).contains("check 1 PASS", "check 2 PASS", "check 3 PASS");

        Run status = fulcrum("lab", "status", "--name", name, "--state-dir", state);
        assertThat(status.out()).contains("keepalived", "checker").doesNotContain("NOT RUNNING");

        // a crash: the state is lost, the namespaces and processes are not
        Files.delete(Path.of(state, "state.json"));
        Run lost = fulcrum("lab", "status", "--name", name, "--state-dir", state);
        assertThat(lost.code()).isEqualTo(1);
        assertThat(lost.err()).contains("is not up", "'fulcrum lab down --name " + name + "' removes them");
        Run down = fulcrum("lab", "down", "--name", name, "--state-dir", state);
        assertThat(down.code()).as(down.all()).isZero();
        assertThat(namespaces()).doesNotContain("fl-" + name + "-");
    }

    /**
     * NAT and TUN on the packet engine: a sync group holding the client-side VIP and the real servers' gateway
     * (their second segment), and IPIP to real servers that decapsulate with {@code fulcrum realserver --decap}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"nat", "tun"})
    void natAndTunClustersPassTheThreeChecks(String kind) throws Exception {
        Run up = upTestDown("it" + kind + "-", LAB + kind + "-master.conf", LAB + kind + "-backup.conf",
                kind.equals("nat") ? "Masq" : "Tunnel");
        assertThat(up.out()).contains(kind.equals("nat") ? "(+ eth1)" : "decapsulating");
    }

    /**
     * DR with sh: a connection established through the master goes on through the backup after the master dies
     * (the backup's engine schedules the connection's next segment, which it has no entry for, to the same real
     * server).
     */
    @Test
    void withSourceHashingAnEstablishedConnectionSurvivesTheFailover() throws Exception {
        upTestDown("itsh-", LAB + "dr-sh-master.conf", LAB + "dr-sh-backup.conf",
                "a connection opened before the failure (one TCP connection, HTTP keep-alive): rs",
                "the same connection after the failover: rs", "the same real server (sh hashes the client");
    }

    /** The other seeds' director pairs, unchanged, on the packet engine (001: advert_int 5, so the slowest). */
    @ParameterizedTest
    @ValueSource(strings = {"001-master|001-backup", "002-master|002-backup", "004-node1|004-node2"})
    void theOtherSeedsPassTheThreeChecks(String pair) throws Exception {
        String[] confs = pair.split("\\|");
        upTestDown("its" + confs[0].substring(0, 3) + "-", SEEDS + confs[0] + ".conf", SEEDS + confs[1] + ".conf");
    }

    /**
     * {@code lab up} on the pair, {@code lab test} passing the three checks and saying {@code testSays}, {@code lab
     * down} leaving no namespace; what {@code lab up} printed.
     */
    private Run upTestDown(String prefix, String master, String backup, String... testSays) throws Exception {
        assumeTrue(SystemLab.isRoot(), "the lab needs root");
        String name = name(prefix);
        String state = dir.resolve(name).toString();
        Run up = fulcrum("lab", "up", "--name", name, "--state-dir", state, "--master", master, "--backup", backup);
        assertThat(up.code()).as(up.all()).isZero();
        Run test = fulcrum("lab", "test", "--name", name, "--state-dir", state);
        assertThat(test.code()).as(test.all()).isZero();
        assertThat(test.out()).contains("check 1 PASS", "check 2 PASS", "check 3 PASS");
        for (String says : testSays) {
            assertThat(test.out()).contains(says);
        }
        Run down = fulcrum("lab", "down", "--name", name, "--state-dir", state);
        assertThat(down.code()).as(down.all()).isZero();
        assertThat(namespaces()).doesNotContain("fl-" + name + "-");
        return up;
    }
}
