package io.fulcrum.config;

import io.fulcrum.common.Diagnostics;
import io.fulcrum.common.SourcePos;
import java.util.ArrayList;
import java.util.List;

/**
 * The first step for each physical line (keepalived's {@code decomment()}): removes the comment, trims white space at
 * both ends, turns unquoted Unicode white space into a plain space (one warning per line), and takes off a trailing
 * continuation backslash, which only a multi-line {@code $NAME=} definition may use.
 *
 * <p>A comment starts at {@code #} or {@code !} outside quotes; a backslash escapes the next character, so
 * {@code \#} is a literal {@code #} (the lexer decodes the escape later). Difference from keepalived: keepalived's
 * {@code decomment()} only knows double quotes, so a {@code #} inside single quotes still starts a comment there;
 * Fulcrum's lexer treats both quote kinds alike, so both protect comment characters here too.
 */
final class LineCleaner {

    private final Diagnostics diagnostics;

    LineCleaner(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /**
     * A cleaned line.
     *
     * @param line               the text without comment, trimmed, possibly empty
     * @param continuationColumn column of a trailing continuation backslash (removed from {@code line}), or 0
     */
    record Cleaned(SourceLine line, int continuationColumn) {

        boolean continued() {
            return continuationColumn > 0;
        }

        SourcePos continuationPos() {
            return new SourcePos(line.file(), line.line(), continuationColumn);
        }
    }

    Cleaned clean(String file, int lineNumber, String raw) {
        SourceLine line = SourceLine.of(file, lineNumber, raw);
        List<Integer> spaces = List.of();
        char quote = 0;
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '\\') {
                i += i + 1 < raw.length() ? 1 + Character.charCount(raw.codePointAt(i + 1)) : 1;
                continue;
            }
            if (quote == 0 && (c == '#' || c == '!')) {
                break;
            }
            if (c == '"' || c == '\'') {
                if (quote == 0) {
                    quote = c;
                } else if (quote == c) {
                    quote = 0;
                }
            } else if (quote == 0 && (c < 32 || c > 127) && WhiteSpace.isOther(c)) {
                if (spaces.isEmpty()) {
                    diagnostics.warning(line.pos(i), WhiteSpace.warning(c));
                    spaces = new ArrayList<>();
                }
                spaces.add(i);
            }
            i++;
        }
        SourceLine kept = line.slice(0, i);
        return trim(spaces.isEmpty() ? kept : kept.replace(spaces, ' '));
    }

    private static Cleaned trim(SourceLine line) {
        int from = 0;
        int to = line.length();
        while (from < to && WhiteSpace.isAscii(line.charAt(from))) {
            from++;
        }
        while (to > from && WhiteSpace.isAscii(line.charAt(to - 1))) {
            to--;
        }
        int backslashes = 0;
        while (to - backslashes > from && line.charAt(to - backslashes - 1) == '\\') {
            backslashes++;
        }
        if (backslashes % 2 == 0) {
            return new Cleaned(line.slice(from, to), 0);
        }
        int column = line.column(to - 1);
        to--;
        while (to > from && WhiteSpace.isAscii(line.charAt(to - 1))) {
            to--;
        }
        return new Cleaned(line.slice(from, to), column);
    }
}
