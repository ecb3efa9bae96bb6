package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.LoadResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fulcrum reload} without a daemon, and the way {@code run} hands the daemon its configuration's source. */
class ReloadCommandTest {

    @TempDir
    Path dir;

    @Test
    void withoutADaemonItNamesTheSocketAndExitsOne() {
        CliRunner r = CliRunner.run(Map.of("FULCRUM_SOCKET", dir.resolve("f.sock").toString()), "reload");
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).startsWith("fulcrum reload: no Fulcrum daemon is running")
                .contains(dir.resolve("f.sock").toString());
    }

    @Test
    void runGivesTheDaemonASourceThatReadsTheFileAgainWithTheSameConfigIdAndEnvironment() throws IOException {
        Path f = dir.resolve("k.conf");
        Files.writeString(f, """
                $PORT=80
                @d1 virtual_server 10.0.0.1 $PORT {
                @d1     protocol TCP
                @d1     real_server 10.0.1.1 $PORT {
                @d1     }
                @d1 }
                @d2 virtual_server 10.0.0.2 $PORT {
                @d2     protocol TCP
                @d2     real_server 10.0.1.2 $PORT {
                @d2     }
                @d2 }
                """);
        CliRunner r = CliRunner.run(Map.of("FULCRUM_HOSTNAME", "d1.example"), "run", "-f", f.toString(),
                "--socket", dir.resolve("f.sock").toString(), "--config-id", "d2");
        assertThat(r.launched()).as(r.err()).hasSize(1);
        ConfigSource source = r.launched().getFirst().source();
        assertThat(source.file()).isEqualTo(f);

        Files.writeString(f, Files.readString(f).replace("$PORT=80", "$PORT=8080"));
        LoadResult again = source.load();
        assertThat(again.hasErrors()).as(again.problems().toString()).isFalse();
        assertThat(again.config().orElseThrow().virtualServers()).singleElement()
                .satisfies(vs -> assertThat(vs.toString()).contains("10.0.0.2").contains("8080"));
    }
}
