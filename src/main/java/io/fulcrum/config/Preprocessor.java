package io.fulcrum.config;

import io.fulcrum.common.Diagnostics;
import io.fulcrum.common.SourcePos;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a keepalived configuration and returns it as a flat list of lexed lines: includes expanded in place,
 * {@code @id} conditions applied, {@code $NAME} parameters substituted, {@code ~SEQ}/{@code ~LST} generators
 * expanded and comments removed, every token carrying the file, line and column it came from. Blocks are not built
 * here: {@code {} and {@code }} are separate tokens for the parser.
 *
 * <p>Behaviour follows keepalived's {@code lib/parser.c} ({@code read_line()}, {@code decomment()},
 * {@code replace_param()}, {@code add_seq()}, {@code alloc_strvec_quoted_escaped()}) as of 2.2.7, checked against the
 * installed keepalived 2.2.7; the classes of this package document where Fulcrum deliberately differs. Every problem
 * goes to the {@link Diagnostics}; nothing but {@link ConfigReadException} (for a main file that cannot be read) is
 * thrown, whatever the input.
 */
public final class Preprocessor {

    /** Longest line accepted, in characters (code points); longer lines are reported and skipped. */
    static final int MAX_LINE_LENGTH = 65_536;

    private final FileAccess files;
    private final PreprocessOptions options;
    private final Diagnostics diagnostics;

    public Preprocessor(FileAccess files, PreprocessOptions options, Diagnostics diagnostics) {
        this.files = Objects.requireNonNull(files, "files");
        this.options = Objects.requireNonNull(options, "options");
        this.diagnostics = Objects.requireNonNull(diagnostics, "diagnostics");
    }

    /**
     * Reads and preprocesses the main file. Throws ConfigReadException only when the MAIN file cannot be read
     * (missing, directory, unreadable, too large); everything else becomes a diagnostic.
     */
    public List<ConfigLine> load(Path mainFile) throws ConfigReadException {
        byte[] data;
        try {
            data = files.read(mainFile);
        } catch (NoSuchFileException e) {
            throw new ConfigReadException("cannot read configuration file " + mainFile + ": no such file");
        } catch (IOException | RuntimeException e) {
            throw new ConfigReadException("cannot read configuration file " + mainFile + ": " + e.getMessage());
        }
        String name = mainFile.toString();
        Optional<String> text = SourceDecoder.decode(data, name, diagnostics);
        if (text.isEmpty()) {
            return List.of();
        }
        Path directory = mainFile.getParent() == null ? Path.of("") : mainFile.getParent();
        return run(name, mainFile, directory, text.get());
    }

    /**
     * Same for text given directly (tests, fuzzer). displayName is used in SourcePos.file; includes resolve
     * relative to baseDir.
     */
    public List<ConfigLine> loadText(String displayName, Path baseDir, String text) {
        Optional<String> checked = SourceDecoder.check(text, displayName, diagnostics);
        if (checked.isEmpty()) {
            return List.of();
        }
        Path file;
        try {
            file = baseDir.resolve(displayName);
        } catch (RuntimeException e) {
            file = baseDir;
        }
        return run(displayName, file, baseDir, checked.get());
    }

    private List<ConfigLine> run(String name, Path file, Path directory, String text) {
        try {
            return List.copyOf(new PreprocessRun(files, options, diagnostics).run(name, file, directory, text));
        } catch (RuntimeException | StackOverflowError e) {
            // A safety net only: every known problem is a diagnostic. Reported as an error so it is not missed.
            diagnostics.error(SourcePos.of(name), "internal preprocessor error, please report it: " + e);
            return List.of();
        }
    }
}
