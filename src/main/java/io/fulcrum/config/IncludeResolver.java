package io.fulcrum.config;

import io.fulcrum.common.Diagnostics;
import io.fulcrum.common.SourcePos;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the files an {@code include} line names, through {@link FileAccess} only: csh brace expansion first, then
 * each alternative globbed on its own (matches sorted within an alternative, alternatives kept in order, as glibc's
 * {@code GLOB_BRACE} does), relative patterns resolved against the directory of the including file.
 *
 * <p>The variants add keepalived's {@code include_check} checks (keepalived.conf(5); behaviour confirmed against
 * keepalived 2.2.7): {@code includer} = readable, {@code includem} = match, {@code includew} = wildcard_match,
 * {@code includeb} = brace_match, {@code includea} = all; match, wildcard_match and brace_match imply readable.
 * A failed check is an error. The same situations under a check that is not enabled are warnings where keepalived
 * logs them (a missing file, a missing brace alternative, a directory or unreadable match) and silent where it does
 * not (a wildcard that matches nothing).
 */
final class IncludeResolver {

    enum Check {
        /** Error if a match is not a readable regular file. */
        READABLE,
        /** Error if nothing matches a pattern without wildcards. */
        MATCH,
        /** Error if nothing matches, even with wildcards. */
        WILDCARD_MATCH,
        /** Error if a brace alternative without wildcards matches nothing. */
        BRACE_MATCH
    }

    private final FileAccess files;
    private final Diagnostics diagnostics;

    IncludeResolver(FileAccess files, Diagnostics diagnostics) {
        this.files = files;
        this.diagnostics = diagnostics;
    }

    /** The checks an include keyword asks for, or empty when {@code keyword} is not an include keyword. */
    static Optional<Set<Check>> checksFor(String keyword) {
        return Optional.ofNullable(switch (keyword) {
            case "include" -> EnumSet.noneOf(Check.class);
            case "includer" -> EnumSet.of(Check.READABLE);
            case "includem" -> EnumSet.of(Check.READABLE, Check.MATCH);
            case "includew" -> EnumSet.of(Check.READABLE, Check.WILDCARD_MATCH);
            case "includeb" -> EnumSet.of(Check.READABLE, Check.BRACE_MATCH);
            case "includea" -> EnumSet.allOf(Check.class);
            default -> null;
        });
    }

    /** The readable files to include, in order; every problem is reported at {@code at}. */
    List<Path> resolve(String keyword, String pattern, Path directory, Set<Check> checks, SourcePos at) {
        Optional<List<String>> expanded = BraceExpander.expand(pattern);
        if (expanded.isEmpty()) {
            diagnostics.error(at, keyword + ": brace expansion of '" + pattern + "' makes more than "
                    + BraceExpander.MAX_PATTERNS + " patterns: expected fewer alternatives");
            return List.of();
        }
        List<String> alternatives = expanded.get();
        List<Path> matches = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        boolean anyWildcard = false;
        for (String alternative : alternatives) {
            boolean wildcard = Glob.hasWildcard(alternative);
            anyWildcard |= wildcard;
            List<Path> found = find(alternative, directory, keyword, at);
            if (found.isEmpty() && !wildcard) {
                missing.add(alternative);
            }
            matches.addAll(found);
        }
        if (matches.isEmpty()) {
            if (!anyWildcard) {
                boolean strict = checks.contains(Check.MATCH) || checks.contains(Check.WILDCARD_MATCH);
                report(strict, at, keyword + ": no file matches '" + pattern + "'"
                        + (strict ? ": expected an existing file" : "; ignored (includem makes this an error)"));
            } else if (checks.contains(Check.WILDCARD_MATCH)) {
                diagnostics.error(at, keyword + ": no file matches '" + pattern + "': expected at least one file");
            }
            return List.of();
        }
        if (alternatives.size() > 1 && !missing.isEmpty()) {
            boolean strict = checks.contains(Check.BRACE_MATCH);
            report(strict, at, keyword + ": no file matches " + quoted(missing) + " of '" + pattern + "'"
                    + (strict ? ": expected every brace alternative to match"
                              : "; ignored (includeb makes this an error)"));
        }
        boolean strict = checks.contains(Check.READABLE);
        List<Path> readable = new ArrayList<>();
        for (Path match : matches) {
            if (files.isDirectory(match)) {
                report(strict, at, keyword + ": '" + match + "' is a directory, not a configuration file; skipped");
            } else if (!files.isReadableFile(match)) {
                report(strict, at, keyword + ": '" + match + "' is not a readable file; skipped");
            } else {
                readable.add(match);
            }
        }
        return readable;
    }

    private void report(boolean asError, SourcePos at, String message) {
        if (asError) {
            diagnostics.error(at, message);
        } else {
            diagnostics.warning(at, message);
        }
    }

    private static String quoted(List<String> names) {
        return String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
    }

    /** The existing paths matching one brace-free pattern, sorted per wildcard component. */
    private List<Path> find(String pattern, Path directory, String keyword, SourcePos at) {
        List<String> components = new ArrayList<>();
        for (String c : pattern.split("/")) {
            if (!c.isEmpty()) {
                components.add(c);
            }
        }
        if (components.isEmpty()) {
            return List.of();
        }
        try {
            List<Path> current = List.of(pattern.startsWith("/") ? Path.of("/") : directory);
            for (int i = 0; i < components.size() && !current.isEmpty(); i++) {
                current = step(current, components.get(i), i == components.size() - 1);
            }
            return current;
        } catch (InvalidPathException e) {
            diagnostics.error(at, keyword + ": '" + pattern + "' is not a valid path: " + e.getReason());
            return List.of();
        }
    }

    private List<Path> step(List<Path> directories, String component, boolean last) {
        List<Path> next = new ArrayList<>();
        if (Glob.hasWildcard(component)) {
            for (Path dir : directories) {
                for (String name : files.list(listable(dir)).stream().sorted().toList()) {
                    if (Glob.matches(component, name)) {
                        Path candidate = dir.resolve(name);
                        if (last || files.isDirectory(candidate)) {
                            next.add(candidate);
                        }
                    }
                }
            }
        } else {
            String name = Glob.unescape(component);
            for (Path dir : directories) {
                Path candidate = dir.resolve(name);
                if (!last || exists(dir, name, candidate)) {
                    next.add(candidate);
                }
            }
        }
        return next;
    }

    private boolean exists(Path dir, String name, Path candidate) {
        return files.isReadableFile(candidate) || files.isDirectory(candidate)
                || files.list(listable(dir)).contains(name);
    }

    private static Path listable(Path dir) {
        return dir.toString().isEmpty() ? Path.of(".") : dir;
    }
}
