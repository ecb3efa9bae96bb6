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
        assertThat(r.out()).contains("run", "check-config", "ipvsadm", "genhash", "demo", "version");
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
    void runChecksTheConfigurationAndSaysItDoesNotServeYet() throws IOException {
        Path f = write("k.conf", "vrrp_script s {\n script /bin/true\n}\n");
        CliRunner r = CliRunner.run("run", "-f", f.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("not available in this version").contains("nothing is served");
    }
}
