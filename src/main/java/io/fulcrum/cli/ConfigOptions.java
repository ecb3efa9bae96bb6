package io.fulcrum.cli;

import io.fulcrum.common.Problem;
import io.fulcrum.config.ConfigLoader;
import io.fulcrum.config.FileAccess;
import io.fulcrum.config.LoadResult;
import io.fulcrum.config.PreprocessOptions;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every command that reads keepalived.conf shares: the file and the config id. */
final class ConfigOptions {

    static final String DEFAULT_FILE = "/etc/keepalived/keepalived.conf";

    @Option(names = {"-f", "--use-file"}, paramLabel = "FILE", defaultValue = DEFAULT_FILE,
            description = "The configuration file (default: ${DEFAULT-VALUE}).")
    Path file;

    @Option(names = {"-i", "--config-id"}, paramLabel = "ID",
            description = "Config id for '@ID' conditional lines and $${_INSTANCE} "
                    + "(default: this host's name up to the first dot).")
    String configId;

    LoadResult load(Env env) {
        String id = configId != null ? configId : env.shortHostName();
        PreprocessOptions opts = new PreprocessOptions(id, env::variable, System.nanoTime());
        return new ConfigLoader(FileAccess.real(), opts).load(file);
    }

    /**
     * Prints every problem as {@code file:line:column: severity: message}, in the order of the text (files in the
     * order they were first reported, then line and column); returns the number of errors.
     */
    static long report(LoadResult r, Env env) {
        java.util.Map<String, Integer> fileOrder = new java.util.HashMap<>();
        for (Problem p : r.problems()) {
            fileOrder.putIfAbsent(p.pos().file(), fileOrder.size());
        }
        java.util.List<Problem> sorted = new java.util.ArrayList<>(r.problems());
        sorted.sort(java.util.Comparator.<Problem>comparingInt(p -> fileOrder.get(p.pos().file()))
                .thenComparingInt(p -> p.pos().line()).thenComparingInt(p -> p.pos().column()));
        for (Problem p : sorted) {
            env.err().println(p.format());
        }
        if (r.dropped() > 0) {
            env.err().println("... and " + r.dropped() + " more problems not shown");
        }
        return r.errorCount();
    }

    static Optional<String> readError(LoadResult r) {
        return r.readError();
    }
}
