package io.fulcrum.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * csh-style brace expansion of an include pattern, as glibc's {@code glob(GLOB_BRACE)} does:
 * {@code a{b,c{d,e}}f} is {@code abf}, {@code acdf}, {@code acef}, in that order. A brace group needs a comma at
 * its own level; {@code {}}, {@code {x}} and an unmatched brace stay literal. A backslash escapes the next
 * character.
 */
final class BraceExpander {

    /** Most patterns one include may expand to. */
    static final int MAX_PATTERNS = 1024;

    private BraceExpander() {
    }

    /** The expanded patterns in order, or empty when there would be more than {@link #MAX_PATTERNS}. */
    static Optional<List<String>> expand(String pattern) {
        List<String> out = new ArrayList<>();
        return expandInto(pattern, out) ? Optional.of(out) : Optional.empty();
    }

    private static boolean expandInto(String pattern, List<String> out) {
        int open = -1;
        int close = -1;
        for (int i = 0; i < pattern.length() && close < 0; i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                int end = closingBrace(pattern, i);
                if (end > 0) {
                    open = i;
                    close = end;
                }
            }
        }
        if (close < 0) {
            out.add(pattern);
            return out.size() <= MAX_PATTERNS;
        }
        String prefix = pattern.substring(0, open);
        String suffix = pattern.substring(close + 1);
        for (String alternative : alternatives(pattern.substring(open + 1, close))) {
            if (!expandInto(prefix + alternative + suffix, out)) {
                return false;
            }
        }
        return true;
    }

    /** Index of the brace closing the group opened at {@code open} when the group has a top-level comma, else -1. */
    private static int closingBrace(String pattern, int open) {
        int depth = 0;
        boolean comma = false;
        for (int i = open; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return comma ? i : -1;
                }
            } else if (c == ',' && depth == 1) {
                comma = true;
            }
        }
        return -1;
    }

    private static List<String> alternatives(String body) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(body.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(body.substring(start));
        return parts;
    }
}
