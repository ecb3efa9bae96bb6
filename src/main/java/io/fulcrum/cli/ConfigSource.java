package io.fulcrum.cli;

import io.fulcrum.common.Problem;
import io.fulcrum.config.ConfigLoader;
import io.fulcrum.config.FileAccess;
import io.fulcrum.config.LoadResult;
import io.fulcrum.config.PreprocessOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Where a configuration comes from and how it is read: the file, the config id of {@code @ID} lines and
 * {@code ${_INSTANCE}}, and the environment of {@code $VAR}. {@code fulcrum run} reads it once at start and the
 * daemon again at each reload, with the same preprocessing.
 */
public final class ConfigSource {

    /** How the problem line of a configuration that could not be read starts. */
    public static final String UNREADABLE = "cannot read configuration: ";

    private final Path file;
    private final String configId;
    private final Function<String, Optional<String>> variables;
    private final LongSupplier nanoClock;

    /**
     * @param nanoClock seeds the preprocessor's random values ({@code ~SEQ} and friends) at each read
     */
    public ConfigSource(Path file, String configId, Function<String, Optional<String>> variables,
                        LongSupplier nanoClock) {
        this.file = Objects.requireNonNull(file, "file");
        this.configId = Objects.requireNonNull(configId, "configId");
        this.variables = Objects.requireNonNull(variables, "variables");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** {@code file} read with the config id {@code id} and the process's environment. */
    public static ConfigSource of(Path file, String id) {
        return new ConfigSource(file, id, name -> Optional.ofNullable(System.getenv(name)), System::nanoTime);
    }

    /** This host's name up to the first dot, the default config id (as {@link Env#shortHostName()} finds it). */
    public static String hostId() {
        java.io.PrintWriter none = new java.io.PrintWriter(java.io.Writer.nullWriter());
        return new Env(System.getenv(), none, none, java.io.InputStream.nullInputStream()).shortHostName();
    }

    public Path file() {
        return file;
    }

    /** Reads, preprocesses and parses the file now; problems (and an unreadable file) are in the result. */
    public LoadResult load() {
        PreprocessOptions opts = new PreprocessOptions(configId, variables::apply, nanoClock.getAsLong());
        return new ConfigLoader(FileAccess.real(), opts).load(file);
    }

    /**
     * Every problem as {@code file:line:column: severity: message}, in the order of the text (files in the order
     * they were first reported, then line and column), and a last line for the ones dropped.
     */
    public static List<String> problemLines(LoadResult r) {
        Map<String, Integer> fileOrder = new HashMap<>();
        for (Problem p : r.problems()) {
            fileOrder.putIfAbsent(p.pos().file(), fileOrder.size());
        }
        List<Problem> sorted = new ArrayList<>(r.problems());
        sorted.sort(Comparator.<Problem>comparingInt(p -> fileOrder.get(p.pos().file()))
                .thenComparingInt(p -> p.pos().line()).thenComparingInt(p -> p.pos().column()));
        List<String> lines = new ArrayList<>();
        for (Problem p : sorted) {
            lines.add(p.format());
        }
        if (r.dropped() > 0) {
            lines.add("... and " + r.dropped() + " more problems not shown");
        }
        return lines;
    }
}
