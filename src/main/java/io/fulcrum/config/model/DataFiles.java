package io.fulcrum.config.model;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where state dumps go, and reload checks.
 *
 * @param stateDumpFile     {@code state_dump_file} [keepalived.data in the temporary directory]
 * @param statsDumpFile     {@code stats_dump_file} [keepalived.stats in the temporary directory]
 * @param jsonDumpFile      {@code json_dump_file} [keepalived.json in the temporary directory]
 * @param jsonVersion       {@code json_version} 1|2 [1]
 * @param reloadCheckConfig {@code reload_check_config [LOGFILE]}: check a new configuration before reloading,
 *                          logging to the file [/dev/null when given without a file]; empty = no check
 * @param randomSeed        {@code random_seed}: seed for ${_RANDOM} and timer jitter
 */
public record DataFiles(Optional<String> stateDumpFile, Optional<String> statsDumpFile,
        Optional<String> jsonDumpFile, int jsonVersion, Optional<String> reloadCheckConfig,
        OptionalLong randomSeed) {

    public DataFiles {
        Objects.requireNonNull(stateDumpFile, "stateDumpFile");
        Objects.requireNonNull(statsDumpFile, "statsDumpFile");
        Objects.requireNonNull(jsonDumpFile, "jsonDumpFile");
        Objects.requireNonNull(reloadCheckConfig, "reloadCheckConfig");
        Objects.requireNonNull(randomSeed, "randomSeed");
        if (jsonVersion != 1 && jsonVersion != 2) {
            throw new IllegalArgumentException("json_version must be 1 or 2");
        }
        if (randomSeed.isPresent() && (randomSeed.getAsLong() < 0 || randomSeed.getAsLong() > 0xFFFF_FFFFL)) {
            throw new IllegalArgumentException("random_seed must be an unsigned 32-bit number");
        }
    }

    public static DataFiles defaults() {
        return new DataFiles(Optional.empty(), Optional.empty(), Optional.empty(), Defaults.JSON_VERSION,
                Optional.empty(), OptionalLong.empty());
    }
}
