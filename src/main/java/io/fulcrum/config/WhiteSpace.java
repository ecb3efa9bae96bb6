package io.fulcrum.config;

/**
 * What separates words. keepalived splits on ASCII space, tab, form feed, vertical tab, CR and LF only; Fulcrum also
 * treats every other Unicode white space character (U+3000 IDEOGRAPHIC SPACE, U+00A0 NO-BREAK SPACE, ...) as
 * white space, and warns, because keepalived would read {@code retry 3　} as the invalid number {@code '3　'}.
 */
final class WhiteSpace {

    private WhiteSpace() {
    }

    /** White space keepalived itself knows: ASCII space, tab, LF, VT, FF, CR. */
    static boolean isAscii(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** Any other character that Unicode considers white space or a space separator. */
    static boolean isOther(int codePoint) {
        return !isAscii(codePoint) && (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint));
    }

    static boolean isAny(int codePoint) {
        return isAscii(codePoint) || isOther(codePoint);
    }

    /** {@code U+3000 IDEOGRAPHIC SPACE treated as white space (keepalived would not)}. */
    static String warning(int codePoint) {
        String name = Character.getName(codePoint);
        return String.format("U+%04X %s treated as white space (keepalived would not)", codePoint,
                name == null ? "white space" : name);
    }
}
