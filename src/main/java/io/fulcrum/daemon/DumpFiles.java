package io.fulcrum.daemon;

import io.fulcrum.config.model.DataFiles;
import io.fulcrum.control.DumpKind;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where each dump is written: {@code state_dump_file}, {@code stats_dump_file} and {@code json_dump_file} when
 * configured (a relative name in the temporary directory), else keepalived's names in the temporary directory
 * ({@code $TMPDIR}, else {@code /tmp}).
 */
record DumpFiles(Path data, Path stats, Path json) {

    DumpFiles {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(json, "json");
    }

    static DumpFiles of(DataFiles files, Map<String, String> env) {
        String tmp = Optional.ofNullable(env.get("TMPDIR")).filter(s -> !s.isEmpty()).orElse("/tmp");
        return new DumpFiles(
                path(files.stateDumpFile(), tmp, DumpKind.DATA),
                path(files.statsDumpFile(), tmp, DumpKind.STATS),
                path(files.jsonDumpFile(), tmp, DumpKind.JSON));
    }

    private static Path path(Optional<String> configured, String tmp, DumpKind kind) {
        // keepalived puts a relative name in the temporary directory too
        return configured.map(name -> Path.of(tmp).resolve(name)).orElseGet(() -> Path.of(tmp, kind.defaultFileName()));
    }

    Path of(DumpKind kind) {
        return switch (kind) {
            case DATA -> data;
            case STATS -> stats;
            case JSON -> json;
        };
    }
}
