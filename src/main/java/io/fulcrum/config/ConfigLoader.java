package io.fulcrum.config;

import io.fulcrum.common.Diagnostics;
import io.fulcrum.config.model.KeepalivedConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads keepalived.conf into a {@link KeepalivedConfig}: preprocess (includes, conditionals, parameters,
 * generators), lex, build the statement tree, and read it through the {@link KeywordRegistry}. Reports every
 * problem with its place; never throws for bad input.
 */
public final class ConfigLoader {

    private final FileAccess files;
    private final PreprocessOptions options;
    private final KeywordRegistry registry;

    public ConfigLoader(FileAccess files, PreprocessOptions options) {
        this(files, options, new KeywordRegistry());
    }

    public ConfigLoader(FileAccess files, PreprocessOptions options, KeywordRegistry registry) {
        this.files = files;
        this.options = options;
        this.registry = registry;
    }

    public KeywordRegistry registry() {
        return registry;
    }

    public LoadResult load(Path file) {
        Diagnostics d = new Diagnostics();
        List<ConfigLine> lines;
        try {
            lines = new Preprocessor(files, options, d).load(file);
        } catch (ConfigReadException e) {
            return new LoadResult(Optional.empty(), d.all(), Optional.of(e.getMessage()), d.dropped());
        }
        return finish(lines, d);
    }

    /** Reads configuration text given directly; {@code name} names it in diagnostics. */
    public LoadResult loadText(String name, Path baseDir, String text) {
        Diagnostics d = new Diagnostics();
        List<ConfigLine> lines = new Preprocessor(files, options, d).loadText(name, baseDir, text);
        return finish(lines, d);
    }

    private LoadResult finish(List<ConfigLine> lines, Diagnostics d) {
        List<Statement> tree = new TreeBuilder(d).build(lines);
        ConfigBuilder b = new ConfigBuilder();
        registry.root().apply(tree, b, new ParseContext(d, registry.blocksByKeyword()));
        KeepalivedConfig config = b.build();
        return new LoadResult(Optional.of(config), d.all(), Optional.empty(), d.dropped());
    }
}
