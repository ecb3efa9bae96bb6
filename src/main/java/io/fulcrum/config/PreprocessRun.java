package io.fulcrum.config;

import io.fulcrum.common.Diagnostics;
import io.fulcrum.common.SourcePos;
import io.fulcrum.config.IncludeResolver.Check;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One load: reads files line by line and runs each line through keepalived's {@code read_line()} steps, in its
 * order: comment removal ({@link LineCleaner}), then repeatedly {@code @id} conditions, {@code $NAME=} definitions
 * (multi-line ones collect the following physical lines), {@code ~SEQ}/{@code ~LST} generators and parameter
 * substitution (redone while a substitution changed the line), then the include check, then the lexer. Leading
 * white space is gone before any of these, so {@code   @id ...} and {@code   $NAME=...} work. The include check
 * comes after conditions and substitution, so {@code @id include x} and {@code include $FILE} work (keepalived 2.2.7
 * does this, although its man page says they do not).
 *
 * <p>Differences from keepalived: include cycles and nesting deeper than {@value #MAX_INCLUDE_DEPTH} are errors
 * (keepalived recurses until it runs out of file descriptors); {@code include} takes exactly one (possibly quoted)
 * pattern, where keepalived takes the rest of the line literally; when an {@code @id} condition drops a line that
 * starts a multi-line definition, its continuation lines are dropped with it (keepalived reads them as separate,
 * broken lines).
 */
final class PreprocessRun {

    static final int MAX_INCLUDE_DEPTH = 64;
    /** Generators and multi-line parameters may nest this deep. */
    static final int MAX_NESTING = 32;
    /** Lines generators and multi-line parameters may make in one load. */
    static final long MAX_GENERATED_LINES = 1_000_000;
    /** Characters generators and multi-line parameters may make in one load. */
    static final long MAX_GENERATED_CHARS = 64L * 1024 * 1024;
    /** Files one load may read through includes (the same file included twice counts twice). */
    static final int MAX_INCLUDED_FILES = 10_000;
    /** Lines one load may produce. */
    static final int MAX_OUTPUT_LINES = 10_000_000;
    private static final int MAX_PASSES = 16;

    /** A file being read; {@code pwd} is the absolute directory that {@code ${_PWD}} gives. */
    private record Frame(String name, String identity, Path directory, String pwd) {
    }

    /** A multi-line definition being collected; a null name means lines to skip. */
    private record Continuation(String name, List<String> lines) {
        static final Continuation SKIP = new Continuation(null, List.of());
    }

    private final FileAccess files;
    private final PreprocessOptions options;
    private final Diagnostics diagnostics;
    private final LineCleaner cleaner;
    private final Lexer lexer;
    private final Definitions definitions = new Definitions();
    private final ParameterExpander expander;
    private final LineGenerators generators;
    private final IncludeResolver includes;
    private final List<ConfigLine> out = new ArrayList<>();
    private final Deque<Frame> frames = new ArrayDeque<>();
    private long generated;
    private long generatedChars;
    private int includedFiles;
    private boolean full;

    PreprocessRun(FileAccess files, PreprocessOptions options, Diagnostics diagnostics) {
        this.files = files;
        this.options = options;
        this.diagnostics = diagnostics;
        this.cleaner = new LineCleaner(diagnostics);
        this.lexer = new Lexer(diagnostics);
        var predefined = new PredefinedParameters(options, new SplittableRandom(options.randomSeed()), diagnostics);
        this.expander = new ParameterExpander(definitions, predefined, diagnostics);
        this.generators = new LineGenerators(expander, diagnostics);
        this.includes = new IncludeResolver(files, diagnostics);
    }

    /** Preprocesses the text of the main file, named {@code name}, whose directory is {@code directory}. */
    List<ConfigLine> run(String name, Path file, Path directory, String text) {
        readText(new Frame(name, identity(file), directory, absolute(directory)), text, 0);
        return out;
    }

    private void readText(Frame frame, String text, int nesting) {
        frames.push(frame);
        try {
            readLines(frame.name(), text, nesting);
        } finally {
            frames.pop();
        }
    }

    private void readLines(String file, String text, int nesting) {
        LineReader reader = new LineReader(text);
        Continuation pending = null;
        while (!full && reader.advance()) {
            int number = reader.lineNumber();
            if (reader.length() > Preprocessor.MAX_LINE_LENGTH && reader.codePoints() > Preprocessor.MAX_LINE_LENGTH) {
                diagnostics.error(new SourcePos(file, number, 1), "line too long (" + reader.codePoints()
                        + " characters, at most " + Preprocessor.MAX_LINE_LENGTH + ")");
                pending = finish(pending);
                continue;
            }
            String raw = reader.line();
            if (pending != null) {
                LineCleaner.Cleaned c = raw.isEmpty() ? null : cleaner.clean(file, number, raw);
                if (c != null && !c.line().isEmpty() && pending.name() != null) {
                    pending.lines().add(c.line().text());
                }
                if (c == null || !c.continued()) {
                    pending = finish(pending);
                }
                continue;
            }
            if (raw.isEmpty()) {
                continue;
            }
            LineCleaner.Cleaned c = cleaner.clean(file, number, raw);
            if (!c.line().isEmpty() || c.continued()) {
                pending = processLine(c.line(), c.continued() ? c.continuationPos() : null, nesting);
            }
        }
        finish(pending);
    }

    private Continuation finish(Continuation pending) {
        if (pending != null && pending.name() != null) {
            definitions.defineMultiline(pending.name(), pending.lines());
        }
        return null;
    }

    /**
     * Runs one line through conditions, definitions, generators, substitution, includes and the lexer.
     *
     * @param continuation where a trailing continuation backslash was, or null
     * @return the multi-line definition this line starts, or null
     */
    private Continuation processLine(SourceLine line, SourcePos continuation, int nesting) {
        if (nesting > MAX_NESTING) {
            diagnostics.error(line.start(), "generators and multi-line parameters nested more than " + MAX_NESTING
                    + " levels deep: expected definitions that do not use themselves");
            return null;
        }
        SourceLine current = line;
        List<SourceLine> following = new ArrayList<>();
        boolean continuationReported = false;
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            if (current.startsWith("@")) {
                int idStart = current.startsWith("@^") ? 2 : 1;
                int idEnd = idStart;
                while (idEnd < current.length() && !SourceLine.isBlank(current.charAt(idEnd))) {
                    idEnd++;
                }
                if (idEnd >= current.length()) {
                    diagnostics.warning(current.start(), "nothing follows the condition '" + current.text()
                            + "': expected a configuration line after it; line ignored");
                    return null;
                }
                boolean keep = current.text().substring(idStart, idEnd).equals(options.configId()) == (idStart == 1);
                current = current.slice(current.skipBlanks(idEnd));
                if (!keep) {
                    return continuation != null && definitionName(current) != null ? Continuation.SKIP : null;
                }
            }
            String name = definitionName(current);
            if (name != null) {
                String value = current.slice(current.skipBlanks(name.length() + 2)).text();
                if (continuation != null) {
                    List<String> lines = new ArrayList<>();
                    if (!value.isEmpty()) {
                        lines.add(value);
                    }
                    return new Continuation(name, lines);
                }
                definitions.define(name, value);
                return null;
            }
            if (continuation != null && !continuationReported) {
                diagnostics.error(continuation, "'\\' at the end of a line continues only a multi-line $NAME="
                        + " definition: expected nothing after the last word");
                continuationReported = true;
            }
            if (LineGenerators.isGenerator(current)) {
                generate(current, nesting);
                processFollowing(following, nesting);
                return null;
            }
            if (current.startsWith("~")) {
                break;
            }
            Optional<ParameterExpander.Expansion> expansion = expander.expand(current, frames.getFirst().pwd());
            if (expansion.isEmpty()) {
                return null;
            }
            following.addAll(0, expansion.get().following());
            if (!expansion.get().changed()) {
                break;
            }
            current = expansion.get().line();
            if (pass == MAX_PASSES - 1) {
                diagnostics.error(line.start(), "parameter substitution did not settle after " + MAX_PASSES
                        + " rounds: expected definitions that do not produce new references forever");
                return null;
            }
        }
        emit(current, nesting);
        processFollowing(following, nesting);
        return null;
    }

    /** The name of a {@code $NAME=VALUE} definition at the start of the line (no blank before {@code =}), or null. */
    private static String definitionName(SourceLine line) {
        String t = line.text();
        if (t.length() < 3 || t.charAt(0) != '$' || !Definitions.isNameStart(t.charAt(1))) {
            return null;
        }
        int i = 2;
        while (i < t.length() && Definitions.isNamePart(t.charAt(i))) {
            i++;
        }
        return i < t.length() && t.charAt(i) == '=' ? t.substring(1, i) : null;
    }

    private void processFollowing(List<SourceLine> following, int nesting) {
        for (SourceLine next : following) {
            if (overBudget(next, next.length())) {
                return;
            }
            processLine(next, null, nesting + 1);
        }
    }

    private void generate(SourceLine line, int nesting) {
        Optional<LineGenerators.Generator> parsed = generators.parse(line, frames.getFirst().pwd());
        if (parsed.isEmpty()) {
            return;
        }
        LineGenerators.Generator generator = parsed.get();
        for (long round = 0; round < generator.values().count(); round++) {
            if (overBudget(line, generator.body().length())) {
                return;
            }
            List<String> values = generator.values().get(round);
            for (int v = 0; v < values.size(); v++) {
                definitions.define(generator.variables().get(v), values.get(v));
            }
            if (!generator.body().isEmpty()) {
                processLine(generator.body(), null, nesting + 1);
            }
        }
    }

    /** Counts one generated line of {@code length} chars; true (after one error) once the budget is spent. */
    private boolean overBudget(SourceLine line, int length) {
        boolean before = generated > MAX_GENERATED_LINES || generatedChars > MAX_GENERATED_CHARS;
        generated++;
        generatedChars += length;
        boolean after = generated > MAX_GENERATED_LINES || generatedChars > MAX_GENERATED_CHARS;
        if (after && !before) {
            diagnostics.error(line.start(), "generators and multi-line parameters made more than "
                    + MAX_GENERATED_LINES + " lines or " + MAX_GENERATED_CHARS
                    + " characters: expected smaller ~SEQ/~LST ranges; the rest is dropped");
        }
        return after || full;
    }

    private void emit(SourceLine line, int nesting) {
        Optional<Set<Check>> checks = line.startsWith("include")
                ? IncludeResolver.checksFor(firstWord(line.text())) : Optional.empty();
        List<Token> tokens = checks.isPresent() ? lexer.includeTokens(line) : lexer.tokens(line);
        if (tokens.isEmpty()) {
            return;
        }
        if (checks.isEmpty()) {
            if (out.size() == MAX_OUTPUT_LINES) {
                diagnostics.error(tokens.getFirst().pos(), "configuration has more than " + MAX_OUTPUT_LINES
                        + " lines: expected a smaller configuration; the rest is not read");
                full = true;
                return;
            }
            out.add(new ConfigLine(tokens));
            return;
        }
        Token first = tokens.getFirst();
        if (tokens.size() != 2) {
            diagnostics.error(first.pos(), first.text() + ": expected exactly one file pattern after '"
                    + first.text() + "', got " + (tokens.size() - 1) + " words (quote a name with spaces)");
            return;
        }
        Token pattern = tokens.get(1);
        for (Path file : includes.resolve(first.text(), pattern.text(), frames.getFirst().directory(), checks.get(),
                pattern.pos())) {
            include(file, checks.get().contains(Check.READABLE), pattern.pos(), nesting);
        }
    }

    /** The raw first word of a line: up to the first white space, quotes and escapes not interpreted. */
    private static String firstWord(String text) {
        int end = 0;
        while (end < text.length() && !WhiteSpace.isAny(text.codePointAt(end))) {
            end += Character.charCount(text.codePointAt(end));
        }
        return text.substring(0, end);
    }

    private void include(Path file, boolean strict, SourcePos at, int nesting) {
        String name = file.toString();
        String identity = identity(file);
        for (Frame frame : frames) {
            if (frame.identity().equals(identity)) {
                diagnostics.error(at, "include cycle: " + chain() + " -> " + name
                        + "; not followed: expected a file not to include itself");
                return;
            }
        }
        if (++includedFiles > MAX_INCLUDED_FILES) {
            if (includedFiles == MAX_INCLUDED_FILES + 1) {
                diagnostics.error(at, "more than " + MAX_INCLUDED_FILES + " included files read: expected fewer"
                        + " includes (in a generator?); further includes are skipped");
            }
            return;
        }
        if (frames.size() >= MAX_INCLUDE_DEPTH) {
            diagnostics.error(at, "includes nested more than " + MAX_INCLUDE_DEPTH + " deep at " + name
                    + ": expected a shallower include structure");
            return;
        }
        byte[] data;
        try {
            data = files.read(file);
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof NoSuchFileException ? "no such file" : String.valueOf(e.getMessage());
            String message = "cannot read included file '" + name + "': " + reason;
            if (strict) {
                diagnostics.error(at, message);
            } else {
                diagnostics.warning(at, message + "; skipped");
            }
            return;
        }
        Optional<String> text = SourceDecoder.decode(data, name, diagnostics);
        if (text.isPresent()) {
            Path directory = file.getParent() == null ? Path.of("") : file.getParent();
            readText(new Frame(name, identity, directory, absolute(directory)), text.get(), nesting);
        }
    }

    private String chain() {
        List<String> names = new ArrayList<>();
        for (Iterator<Frame> it = frames.descendingIterator(); it.hasNext(); ) {
            names.add(it.next().name());
        }
        return String.join(" -> ", names);
    }

    private static String identity(Path file) {
        try {
            return file.toAbsolutePath().normalize().toString();
        } catch (InvalidPathException | java.io.IOError | SecurityException e) {
            return file.normalize().toString();
        }
    }

    private static String absolute(Path directory) {
        try {
            return directory.toAbsolutePath().normalize().toString();
        } catch (InvalidPathException | java.io.IOError | SecurityException e) {
            return directory.toString();
        }
    }
}
