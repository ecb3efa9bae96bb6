package io.fulcrum.cli;

import io.fulcrum.config.LoadResult;
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
        return source(env).load();
    }

    /** The file with the config id and environment of this command line: what run reads, and reloads read. */
    ConfigSource source(Env env) {
        String id = configId != null ? configId : env.shortHostName();
        return new ConfigSource(file, id, env::variable, System::nanoTime);
    }

    /**
     * Prints every problem as {@code file:line:column: severity: message}, in the order of the text (files in the
     * order they were first reported, then line and column); returns the number of errors.
     */
    static long report(LoadResult r, Env env) {
        ConfigSource.problemLines(r).forEach(env.err()::println);
        return r.errorCount();
    }

    static Optional<String> readError(LoadResult r) {
        return r.readError();
    }
}
