package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fulcrum run --web ADDR:PORT --web-token-file PATH}. */
class RunWebOptionTest {

    @TempDir
    Path dir;

    private String conf() throws IOException {
        return Files.writeString(dir.resolve("k.conf"), "").toString();
    }

    private CliRunner run(String... extra) throws IOException {
        String[] args = new String[4 + extra.length];
        args[0] = "run";
        args[1] = "-f";
        args[2] = conf();
        args[3] = "--socket=" + dir.resolve("f.sock");
        System.arraycopy(extra, 0, args, 4, extra.length);
        return CliRunner.run(args);
    }

    @Test
    void offUnlessAsked() throws IOException {
        assertThat(run().launched().getFirst().web()).isEqualTo(WebOption.NONE);
    }

    @Test
    void takesAnAddressAndPortOrABarePortOnLoopback() throws IOException {
        assertThat(run("--web", "10.0.0.5:8089").launched().getFirst().web().listen())
                .hasValue(new WebOption.Listen(IpAddress.parse("10.0.0.5"), 8089));
        assertThat(run("--web", "8089").launched().getFirst().web().listen())
                .hasValue(new WebOption.Listen(IpAddress.parse("127.0.0.1"), 8089));
        assertThat(run("--web=[::1]:9000").launched().getFirst().web().listen())
                .hasValue(new WebOption.Listen(IpAddress.parse("::1"), 9000));
    }

    @Test
    void readsTheTokenFromTheFilesFirstLine() throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "  s3cr3t-t0ken-0123456789  \nsecond line\n");
        CliRunner r = run("--web", "8089", "--web-token-file", token.toString());
        assertThat(r.launched().getFirst().web().token()).hasValue("s3cr3t-t0ken-0123456789");
    }

    @Test
    void badValuesAreUsageErrorsNamingTheOption() throws IOException {
        for (String[] bad : new String[][] {{"--web", "localhost:80"}, {"--web", "127.0.0.1:0"},
                {"--web", "127.0.0.1:99999"}, {"--web", "127.0.0.1"}, {"--web", "::1:80"}}) {
            CliRunner r = run(bad);
            assertThat(r.code()).as(bad[1]).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(bad[1]).startsWith("fulcrum run: --web: ");
            assertThat(r.launched()).isEmpty();
        }
        CliRunner missing = run("--web", "8089", "--web-token-file", dir.resolve("nope").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).startsWith("fulcrum run: --web-token-file: cannot read " + dir.resolve("nope"));
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThat(run("--web", "8089", "--web-token-file", empty.toString()).err())
                .contains("expected the token on its first line");
    }
}
