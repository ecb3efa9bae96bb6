package io.fulcrum.config;

/**
 * Shell wildcards for one path component, as {@code glob(3)} matches them: {@code *} any run of characters,
 * {@code ?} one character, {@code [abc]}, {@code [a-z]}, {@code [!a-z]} or {@code [^a-z]} one character of a set,
 * and a backslash escaping the next character. A name starting with {@code .} is only matched by a pattern that
 * starts with a literal {@code .}.
 */
final class Glob {

    private Glob() {
    }

    /** Whether {@code pattern} has an unescaped {@code *}, {@code ?} or {@code [}. */
    static boolean hasWildcard(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }

    /** The pattern with its escapes removed, for a component that has no wildcard. */
    static String unescape(String pattern) {
        StringBuilder out = new StringBuilder(pattern.length());
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                i++;
                c = pattern.charAt(i);
            }
            out.append(c);
        }
        return out.toString();
    }

    static boolean matches(String pattern, String name) {
        if (name.startsWith(".") && !(pattern.startsWith(".") || pattern.startsWith("\\."))) {
            return false;
        }
        int p = 0;
        int s = 0;
        int starP = -1;
        int starS = -1;
        while (s < name.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                starP = ++p;
                starS = s;
                continue;
            }
            int consumed = p < pattern.length() ? matchOne(pattern, p, name.codePointAt(s)) : -1;
            if (consumed > 0) {
                p += consumed;
                s += Character.charCount(name.codePointAt(s));
            } else if (starP >= 0) {
                starS += Character.charCount(name.codePointAt(starS));
                s = starS;
                p = starP;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** Pattern chars used when the element at {@code p} matches {@code c}, or -1 when it does not match. */
    private static int matchOne(String pattern, int p, int c) {
        char first = pattern.charAt(p);
        if (first == '?') {
            return 1;
        }
        if (first == '[') {
            int consumed = matchClass(pattern, p, c);
            if (consumed != 0) {
                return consumed;
            }
        }
        int literal = first;
        int length = 1;
        if (first == '\\' && p + 1 < pattern.length()) {
            literal = pattern.codePointAt(p + 1);
            length = 1 + Character.charCount(literal);
        } else {
            literal = pattern.codePointAt(p);
            length = Character.charCount(literal);
        }
        return literal == c ? length : -1;
    }

    /**
     * Matches a {@code [...]} set at {@code open}: its length when {@code c} is in it, minus its length when not,
     * 0 when there is no closing bracket (then {@code [} is an ordinary character).
     */
    private static int matchClass(String pattern, int open, int c) {
        int i = open + 1;
        boolean negate = i < pattern.length() && (pattern.charAt(i) == '!' || pattern.charAt(i) == '^');
        if (negate) {
            i++;
        }
        boolean found = false;
        boolean firstInSet = true;
        while (i < pattern.length()) {
            int lo = pattern.codePointAt(i);
            if (lo == ']' && !firstInSet) {
                int length = i + 1 - open;
                return found != negate ? length : -length;
            }
            firstInSet = false;
            if (lo == '\\' && i + 1 < pattern.length()) {
                i++;
                lo = pattern.codePointAt(i);
            }
            i += Character.charCount(lo);
            int hi = lo;
            if (i + 1 < pattern.length() && pattern.charAt(i) == '-' && pattern.charAt(i + 1) != ']') {
                i++;
                hi = pattern.codePointAt(i);
                if (hi == '\\' && i + 1 < pattern.length()) {
                    i++;
                    hi = pattern.codePointAt(i);
                }
                i += Character.charCount(hi);
            }
            if (c >= lo && c <= hi) {
                found = true;
            }
        }
        return 0;
    }
}
