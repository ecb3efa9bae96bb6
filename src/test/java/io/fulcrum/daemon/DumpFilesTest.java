package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.model.DataFiles;
import io.fulcrum.control.DumpKind;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Where the dumps go: keepalived's names in $TMPDIR or /tmp, or the configured files. */
class DumpFilesTest {

    @Test
    void keepalivedsNamesInTheTemporaryDirectory() {
        DumpFiles f = DumpFiles.of(DataFiles.defaults(), Map.of());
        assertThat(f.of(DumpKind.DATA)).isEqualTo(Path.of("/tmp/keepalived.data"));
        assertThat(f.of(DumpKind.STATS)).isEqualTo(Path.of("/tmp/keepalived.stats"));
        assertThat(f.of(DumpKind.JSON)).isEqualTo(Path.of("/tmp/keepalived.json"));
        assertThat(DumpFiles.of(DataFiles.defaults(), Map.of("TMPDIR", "/var/tmp")).stats())
                .isEqualTo(Path.of("/var/tmp/keepalived.stats"));
        assertThat(DumpFiles.of(DataFiles.defaults(), Map.of("TMPDIR", "")).json())
                .isEqualTo(Path.of("/tmp/keepalived.json"));
    }

    @Test
    void configuredFilesAbsoluteOrInTheTemporaryDirectory() {
        DataFiles files = new DataFiles(Optional.of("/run/fulcrum/state.txt"), Optional.of("stats.txt"),
                Optional.empty(), 1, Optional.empty(), OptionalLong.empty());
        DumpFiles f = DumpFiles.of(files, Map.of("TMPDIR", "/scratch"));
        assertThat(f.data()).isEqualTo(Path.of("/run/fulcrum/state.txt"));
        assertThat(f.stats()).isEqualTo(Path.of("/scratch/stats.txt"));
        assertThat(f.json()).isEqualTo(Path.of("/scratch/keepalived.json"));
    }
}
