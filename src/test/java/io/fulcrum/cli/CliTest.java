package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void helpListsEveryCommand() {
        CliRunner r = CliRunner.run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("run", "check-config", "ipvsadm", "genhash", "demo", "realserver", "version");
    }

    @Test
    void versionNamesFulcrumAndJava() {
        CliRunner r = CliRunner.run("version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("fulcrum ").contains("java " + Runtime.version().feature());
    }

    @Test
    void badArgumentsAreNamedWithAUsageHint() {
        CliRunner r = CliRunner.run("check-config", "--no-such-option");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--no-such-option").contains("Try 'fulcrum check-config --help'");
        assertThat(r.err()).doesNotContain("Exception");

        CliRunner r2 = CliRunner.run("frobnicate");
        assertThat(r2.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r2.err()).contains("frobnicate");
    }

    @Test
    void checkConfigExitsThreeWhenTheFileCannotBeRead() {
        CliRunner r = CliRunner.run("check-config", "-f", dir.resolve("missing.conf").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.CONFIG_UNREADABLE);
        assertThat(r.err()).contains("cannot read configuration").contains("missing.conf");

        CliRunner d = CliRunner.run("check-config", "-f", dir.toString());
        assertThat(d.code()).isEqualTo(ExitCodes.CONFIG_UNREADABLE);
    }

    @Test
    void checkConfigReportsEveryErrorWithItsPlaceAndExitsFour() throws IOException {
        Path f = write("k.conf", """
                vrrp_script chk {
                    script "/bin/true"
                    interval zero
                    rise 0
                }
                no_such_block {
                }
                """);
        CliRunner r = CliRunner.run("check-config", "-f", f.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.CONFIG_ERRORS);
        assertThat(r.err()).contains(f + ":3:14: error: 'interval': invalid time 'zero'")
                .contains(f + ":4:10: error: 'rise': 0 is out of range (expected 1..2147483647)")
                .contains(f + ":6:1: error: unknown keyword 'no_such_block'")
                .contains(f + ": 3 errors, 0 warnings");
    }

    @Test
    void checkConfigExitsZeroWhenCleanAndDumpsCanonically() throws IOException {
        Path f = write("k.conf", """
                vrrp_script chk_nginx {
                    script "/usr/bin/pgrep nginx"
                    weight -20
                }
                """);
        CliRunner r = CliRunner.run("check-config", "-f", f.toString(), "--dump");
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains(": 0 errors, 0 warnings");
        assertThat(r.out()).contains("vrrp_script chk_nginx {\n    script \"/usr/bin/pgrep nginx\"\n"
                + "    interval 1\n    timeout 1\n    weight -20\n");
    }

    @Test
    void ipvsadmNamesTheSocketItTried() {
        CliRunner r = CliRunner.run(Map.of("FULCRUM_SOCKET", dir.resolve("f.sock").toString()), "ipvsadm", "-Ln");
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("no Fulcrum daemon is running").contains(dir.resolve("f.sock").toString());

        CliRunner s = CliRunner.run("ipvsadm", "-Ln", "--socket", dir.resolve("other.sock").toString());
        assertThat(s.err()).contains(dir.resolve("other.sock").toString());
    }

    @Test
    void ipvsadmRejectsABadCommandLineWithIpvsadmsMessageBeforeLookingForTheDaemon() {
        CliRunner r = CliRunner.run(Map.of("FULCRUM_SOCKET", dir.resolve("f.sock").toString()), "ipvsadm", "-A",
                "-t", "10.0.0.1:80", "-w", "5");
        // the message and status ipvsadm 1.31 gives for this command line
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("Illegal 'weight' option with the 'add-service' command\n");
    }

    @Test
    void runStartsTheDaemonOnTheSocketFromTheOptionTheEnvironmentOrTheDefault() throws IOException {
        Path f = write("k.conf", "virtual_server 10.0.0.1 80 {\n protocol TCP\n lvs_sched rr\n lvs_method NAT\n"
                + " real_server 10.0.1.1 80 {\n }\n}\n");
        CliRunner opt = CliRunner.run(Map.of("FULCRUM_SOCKET", "/env/f.sock"), "run", "-f", f.toString(),
                "--socket", dir.resolve("o.sock").toString());
        assertThat(opt.code()).isZero();
        assertThat(opt.launched()).singleElement().satisfies(s -> {
            assertThat(s.socket()).isEqualTo(dir.resolve("o.sock"));
            assertThat(s.configFile()).isEqualTo(f);
            assertThat(s.config().virtualServers()).hasSize(1);
            assertThat(s.errors()).isZero();
        });
        CliRunner env = CliRunner.run(Map.of("FULCRUM_SOCKET", "/env/f.sock"), "run", "-f", f.toString());
        assertThat(env.launched().getFirst().socket()).isEqualTo(Path.of("/env/f.sock"));
        CliRunner dflt = CliRunner.run(Map.of(), "run", "-f", f.toString());
        assertThat(dflt.launched().getFirst().socket()).isEqualTo(Path.of("/run/fulcrum/fulcrum.sock"));
    }

    @Test
    void runTakesTheDataplaneAutoByDefaultAndRefusesAnUnknownOne() throws IOException {
        Path f = write("k.conf", "");
        String sock = dir.resolve("f.sock").toString();
        assertThat(CliRunner.run("run", "-f", f.toString(), "--socket", sock).launched().getFirst().dataplane())
                .isEqualTo(Dataplane.AUTO);
        assertThat(CliRunner.run("run", "-f", f.toString(), "--socket", sock, "--dataplane", "proxy").launched()
                .getFirst().dataplane()).isEqualTo(Dataplane.PROXY);
        assertThat(CliRunner.run("run", "-f", f.toString(), "--socket", sock, "--dataplane=NONE").launched()
                .getFirst().dataplane()).isEqualTo(Dataplane.NONE);
        CliRunner bad = CliRunner.run("run", "-f", f.toString(), "--dataplane", "packet");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("'packet' is not a data plane: use auto, proxy or none");
        assertThat(bad.launched()).isEmpty();
    }

    @Test
    void theDemoSaysWhenItsPortIsTaken() throws IOException {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            CliRunner r = CliRunner.run("demo", "--port", Integer.toString(port), "--exit");
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).startsWith("fulcrum demo: 127.0.0.1:" + port + " is in use (")
                    .endsWith("): stop what listens there, or run 'fulcrum demo --port PORT' with a free port\n");
            assertThat(r.launched()).isEmpty();
        }
    }

    @Test
    void theDemoStartsItsDaemonOnTheEmbeddedConfigurationAndCleansUpWhenItCannot() throws IOException {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            port = free.getLocalPort();
        }
        CliRunner r = CliRunner.run("demo", "--port", Integer.toString(port), "--exit");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("fulcrum demo: the daemon did not start: no daemon is started in this test\n");
        RunSettings s = r.launched().getFirst();
        assertThat(s.dataplane()).isEqualTo(Dataplane.AUTO);
        assertThat(s.errors()).isZero();
        assertThat(s.socket().getParent().getFileName().toString()).startsWith("fulcrum-demo-");
        assertThat(s.socket().getParent()).as("the demo's directory is removed").doesNotExist();
        var vs = s.config().virtualServers().getFirst();
        assertThat(vs.address()).isEqualTo(new io.fulcrum.config.model.VirtualServerAddress.IpPort(
                io.fulcrum.common.IpAddress.parse("127.0.0.1"), port));
        assertThat(vs.forwarding().keyword()).isEqualTo("FNAT");
        assertThat(vs.scheduler().keyword()).isEqualTo("rr");
        assertThat(vs.realServers()).hasSize(2).allSatisfy(rs -> {
            assertThat(rs.address()).hasToString("127.0.0.1");
            assertThat(rs.port()).isPositive().isNotEqualTo(port);
        });
    }

    @Test
    void runStartsDespiteErrorsInSomeBlocksAndReportsThemLikeCheckConfig() throws IOException {
        Path f = write("k.conf", "global_defs {\n no_such_keyword 1\n}\nvirtual_server 10.0.0.1 80 {\n"
                + " real_server 10.0.1.1 80 {\n }\n}\n");
        CliRunner r = CliRunner.run("run", "-f", f.toString(), "--socket", dir.resolve("f.sock").toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains(f + ":2:2: error:").contains("starting with the configuration as read");
        assertThat(r.launched()).singleElement().satisfies(s -> assertThat(s.errors()).isPositive());
    }

    @Test
    void runRefusesAnUnreadableConfigurationWithExitThree() {
        CliRunner r = CliRunner.run("run", "-f", dir.resolve("missing.conf").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.CONFIG_UNREADABLE);
        assertThat(r.err()).contains("fulcrum run: cannot read configuration");
        assertThat(r.launched()).isEmpty();
    }

    @Test
    void ipvsadmHelpAndVersionAreIpvsadmsOwnTextsWithoutADaemon() throws IOException {
        Map<String, String> noDaemon = Map.of("FULCRUM_SOCKET", dir.resolve("none.sock").toString());
        for (String h : new String[] {"-h", "--help"}) {
            CliRunner r = CliRunner.run(noDaemon, "ipvsadm", h);
            assertThat(r.code()).isZero();
            assertThat(r.out()).isEqualTo(resource("/ipvsadm/ipvsadm-h.out"));
            assertThat(r.err()).isEmpty();
        }
        CliRunner v = CliRunner.run(noDaemon, "ipvsadm", "-v");
        assertThat(v.code()).isZero();
        assertThat(v.out()).isEqualTo(resource("/ipvsadm/ipvsadm-v.out"))
                .isEqualTo("ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)\n");
    }

    @Test
    void ipvsadmSyncDaemonCommandsAreNotSupportedYet() {
        Map<String, String> noDaemon = Map.of("FULCRUM_SOCKET", dir.resolve("none.sock").toString());
        for (String cmd : new String[] {"--start-daemon", "--stop-daemon"}) {
            CliRunner r = CliRunner.run(noDaemon, "ipvsadm", cmd, "master");
            assertThat(r.code()).isEqualTo(255);
            assertThat(r.err()).isEqualTo("fulcrum ipvsadm: " + cmd + " is not supported yet: connection"
                    + " synchronisation (the IPVS sync daemon) comes in a later version of Fulcrum\n");
            assertThat(r.out()).isEmpty();
        }
    }

    private static String resource(String name) throws IOException {
        try (var in = CliTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
