package io.fulcrum.config;

import io.fulcrum.common.Diagnostics;
import java.nio.file.Path;
import java.util.List;

/** Placeholder signature; the implementation is being written. */
public final class Preprocessor {

    public Preprocessor(FileAccess files, PreprocessOptions options, Diagnostics diagnostics) {
    }

    public List<ConfigLine> load(Path mainFile) throws ConfigReadException {
        throw new ConfigReadException("not implemented yet");
    }

    public List<ConfigLine> loadText(String displayName, Path baseDir, String text) {
        return List.of();
    }
}
