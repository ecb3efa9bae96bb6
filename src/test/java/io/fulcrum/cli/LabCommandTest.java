package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fulcrum lab} on bad input: clear errors and exit codes, no stack traces (no root or namespace needed). */
class LabCommandTest {

    @TempDir
    Path dir;

    static final String SEED = "src/test/resources/seeds/000-master.conf";

    @Test
    void aMissingConfigurationIsUnreadable() {
        CliRunner r = CliRunner.run("lab", "up", "--master", dir.resolve("nope.conf").toString(), "--backup", SEED);
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("fulcrum lab up: cannot read configuration").contains("nope.conf")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aConfigurationWithoutVrrpInstanceIsRefused() throws Exception {
        Path conf = Files.writeString(dir.resolve("lvs-only.conf"), """
                virtual_server 10.0.0.1 80 {
                    lb_algo rr
                    lb_kind DR
                    protocol TCP
                    real_server 10.0.0.2 80 {
                        TCP_CHECK {
                        }
                    }
                }
                """);
        CliRunner r = CliRunner.run("lab", "up", "--master", SEED, "--backup", conf.toString());
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).contains("lvs-only.conf: no vrrp_instance").doesNotContain("Exception");
    }

    @Test
    void bothConfigurationsAreRequired() {
        CliRunner r = CliRunner.run("lab", "up", "--master", SEED);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--backup");
    }

    @Test
    void aBadNameOrPeerIsAUsageError() {
        CliRunner name = CliRunner.run("lab", "up", "--name", "Bad/Name", "--master", SEED, "--backup", SEED);
        assertThat(name.code()).isEqualTo(2);
        assertThat(name.err()).contains("lab name 'Bad/Name'");
        CliRunner peer = CliRunner.run("lab", "up", "--peer", "frr", "--master", SEED, "--backup", SEED);
        assertThat(peer.code()).isEqualTo(2);
        assertThat(peer.err()).contains("--peer 'frr': use fulcrum or keepalived");
        CliRunner status = CliRunner.run("lab", "status", "--name", "-x");
        assertThat(status.code()).isEqualTo(2);
    }

    @Test
    void labAloneShowsItsSubcommands() {
        CliRunner r = CliRunner.run("lab");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("up", "down", "status", "test", "demo");
    }

    @Test
    void aLabThatIsNotUpHasNoStatus() {
        CliRunner r = CliRunner.run("lab", "status", "--name", "never-built-x", "--state-dir",
                dir.resolve("state").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).satisfiesAnyOf(
                e -> assertThat(e).contains("lab never-built-x is not up"),
                e -> assertThat(e).contains("needs root"));
    }
}
