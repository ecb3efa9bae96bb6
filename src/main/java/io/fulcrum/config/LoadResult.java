package io.fulcrum.config;

import io.fulcrum.common.Problem;
import io.fulcrum.config.model.KeepalivedConfig;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of reading a configuration.
 *
 * @param config    the model; empty only when the main file could not be read
 * @param problems  every error and warning, in the order found
 * @param readError why the main file could not be read (then there is no model)
 * @param dropped   problems not kept because there were too many
 */
public record LoadResult(Optional<KeepalivedConfig> config, List<Problem> problems, Optional<String> readError,
        int dropped) {

    public LoadResult {
        Objects.requireNonNull(config, "config");
        problems = List.copyOf(problems);
        Objects.requireNonNull(readError, "readError");
    }

    public boolean hasErrors() {
        return readError.isPresent() || problems.stream().anyMatch(Problem::isError);
    }

    public long errorCount() {
        return problems.stream().filter(Problem::isError).count();
    }

    public long warningCount() {
        return problems.stream().filter(p -> !p.isError()).count();
    }
}
