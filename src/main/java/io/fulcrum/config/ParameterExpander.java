package io.fulcrum.config;

import io.fulcrum.common.Diagnostics;
import io.fulcrum.common.SourcePos;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Replaces parameter references in a line, as keepalived's {@code replace_param()} does.
 *
 * <ul>
 *   <li>{@code ${NAME}} anywhere; {@code $NAME} only when followed by space, tab, {@code ,}, {@code )} or the end
 *       of the line (keepalived 2.2.7's rule: {@code $NAME-x} and {@code $NAME.x} are left alone).</li>
 *   <li>Undefined names are left verbatim. Replacement is recursive and happens in place: the inserted value is
 *       scanned again, together with the text after it, so values are expanded at use time.</li>
 *   <li>A multi-line parameter may only be used at the very end of a line: its first line replaces the reference
 *       and its other lines follow as lines of their own (an inner one's before an outer one's).</li>
 *   <li>Once a value starting with {@code ~} has been inserted the rest of the line is left alone, so a generator
 *       kept in a parameter sees its own variables unexpanded.</li>
 *   <li>Substituted characters map to the column of the reference's {@code $}.</li>
 * </ul>
 * Nesting deeper than {@value #MAX_DEPTH}, more than {@value #MAX_SUBSTITUTIONS} substitutions or a result longer
 * than {@value Preprocessor#MAX_LINE_LENGTH} characters is an error and the line is dropped.
 */
final class ParameterExpander {

    static final int MAX_DEPTH = 32;
    static final int MAX_SUBSTITUTIONS = 100_000;

    /** The expanded line, the lines that follow it from multi-line parameters, and whether anything changed. */
    record Expansion(SourceLine line, List<SourceLine> following, boolean changed) {
    }

    private final Definitions definitions;
    private final PredefinedParameters predefined;
    private final Diagnostics diagnostics;

    ParameterExpander(Definitions definitions, PredefinedParameters predefined, Diagnostics diagnostics) {
        this.definitions = definitions;
        this.predefined = predefined;
        this.diagnostics = diagnostics;
    }

    /** Expands {@code line}; empty when an error made the line unusable (it has been reported). */
    Optional<Expansion> expand(SourceLine line, String currentDirectory) {
        if (line.text().indexOf('$') < 0) {
            return Optional.of(new Expansion(line, List.of(), false));
        }
        Cursor cursor = new Cursor();
        cursor.push(new Segment(line.text(), line, 0, 0));
        SourceLine.Builder out = new SourceLine.Builder();
        List<SourceLine> following = new ArrayList<>();
        int substitutions = 0;
        boolean verbatim = false;
        while (!cursor.atEnd()) {
            if (out.length() > Preprocessor.MAX_LINE_LENGTH) {
                diagnostics.error(line.start(), "line longer than " + Preprocessor.MAX_LINE_LENGTH
                        + " characters after parameter substitution: expected shorter parameter values");
                return Optional.empty();
            }
            int c = cursor.peek(0);
            Reference ref = c == '$' && !verbatim ? reference(cursor) : null;
            int column = cursor.column();
            if (ref == null) {
                out.append((char) c, column);
                cursor.advance(1);
                continue;
            }
            SourcePos at = new SourcePos(line.file(), line.line(), column);
            Resolved value = resolve(ref, at, currentDirectory);
            if (value == null) {
                out.append('$', column);
                cursor.advance(1);
                continue;
            }
            if (cursor.depth() >= MAX_DEPTH) {
                diagnostics.error(at, "parameter $" + ref.name + " is nested more than " + MAX_DEPTH
                        + " levels deep: expected a definition that does not refer to itself");
                return Optional.empty();
            }
            if (++substitutions > MAX_SUBSTITUTIONS) {
                diagnostics.error(line.start(), "more than " + MAX_SUBSTITUTIONS
                        + " parameter substitutions in one line: expected definitions that do not multiply");
                return Optional.empty();
            }
            int depth = cursor.depth() + 1;
            cursor.advance(ref.length);
            List<SourceLine> rest = new ArrayList<>();
            for (String more : value.rest) {
                rest.add(SourceLine.uniform(line.file(), line.line(), more, column));
            }
            following.addAll(0, rest);
            String text = value.first;
            int firstNonBlank = 0;
            while (firstNonBlank < text.length() && SourceLine.isBlank(text.charAt(firstNonBlank))) {
                firstNonBlank++;
            }
            if (firstNonBlank < text.length() && text.charAt(firstNonBlank) == '~') {
                verbatim = true;
            }
            cursor.push(new Segment(text, null, column, depth));
        }
        return Optional.of(new Expansion(out.build(line.file(), line.line()), following, substitutions > 0));
    }

    private record Reference(String name, String params, int length, boolean atEnd) {
    }

    private record Resolved(String first, List<String> rest) {
    }

    /** The reference starting at the cursor's {@code $}, or null when the text there is not one. */
    private static Reference reference(Cursor cursor) {
        boolean braced = cursor.peek(1) == '{';
        int k = braced ? 2 : 1;
        if (!Definitions.isNameStart(cursor.peek(k))) {
            return null;
        }
        StringBuilder name = new StringBuilder();
        while (Definitions.isNamePart(cursor.peek(k))) {
            name.append((char) cursor.peek(k));
            k++;
        }
        String params = null;
        if (braced) {
            if (cursor.peek(k) == ' ') {
                StringBuilder p = new StringBuilder();
                int c;
                while ((c = cursor.peek(k)) != '}') {
                    if (c < 0 || c == '{' || c == '$') {
                        return null;
                    }
                    p.append((char) c);
                    k++;
                }
                params = p.toString().stripLeading();
            }
            if (cursor.peek(k) != '}') {
                return null;
            }
            k++;
        } else {
            int t = cursor.peek(k);
            if (!(t < 0 || t == ' ' || t == '\t' || t == ',' || t == ')')) {
                return null;
            }
        }
        return new Reference(name.toString(), params, k, cursor.peek(k) < 0);
    }

    private Resolved resolve(Reference ref, SourcePos at, String currentDirectory) {
        var defined = definitions.get(ref.name);
        if (defined.isPresent()) {
            var def = defined.get();
            if (ref.params != null || (def.multiline() && !ref.atEnd)) {
                return null;
            }
            return new Resolved(def.firstLine(), def.lines().subList(Math.min(1, def.lines().size()),
                    def.lines().size()));
        }
        return predefined.value(ref.name, ref.params, at, currentDirectory)
                .map(v -> new Resolved(v, List.of()))
                .orElse(null);
    }

    /** A piece of text being scanned: the line itself, or an inserted value whose chars share one column. */
    private static final class Segment {
        final String text;
        final SourceLine columns;
        final int column;
        final int depth;
        int pos;

        Segment(String text, SourceLine columns, int column, int depth) {
            this.text = text;
            this.columns = columns;
            this.column = column;
            this.depth = depth;
        }

        int column() {
            return columns == null ? column : columns.column(pos);
        }
    }

    /** Reads across nested segments: an inserted value first, then the rest of the text it was inserted into. */
    private static final class Cursor {
        private final Deque<Segment> stack = new ArrayDeque<>();

        void push(Segment segment) {
            if (!segment.text.isEmpty()) {
                stack.push(segment);
            }
        }

        boolean atEnd() {
            return stack.isEmpty();
        }

        int peek(int offset) {
            int k = offset;
            for (Segment s : stack) {
                int available = s.text.length() - s.pos;
                if (k < available) {
                    return s.text.charAt(s.pos + k);
                }
                k -= available;
            }
            return -1;
        }

        int column() {
            return stack.isEmpty() ? 1 : stack.peek().column();
        }

        int depth() {
            return stack.isEmpty() ? 0 : stack.peek().depth;
        }

        void advance(int count) {
            int n = count;
            while (n > 0 && !stack.isEmpty()) {
                Segment s = stack.peek();
                int available = s.text.length() - s.pos;
                if (n < available) {
                    s.pos += n;
                    return;
                }
                n -= available;
                stack.pop();
            }
        }
    }
}
