package io.fulcrum.config.model;

import java.util.Objects;

/**
 * Bytes given as hex in UDP_CHECK ({@code payload}, {@code require_reply}), kept in canonical form: two lower-case
 * characters per byte, {@code x} for a wildcard nibble (reply patterns only).
 */
public record HexData(String hex) {

    public HexData {
        Objects.requireNonNull(hex, "hex");
        if (hex.isEmpty() || hex.length() % 2 != 0 || !hex.matches("[0-9a-fx]+")) {
            throw new IllegalArgumentException("not canonical hex data: '" + hex + "'");
        }
    }

    public int length() {
        return hex.length() / 2;
    }

    public boolean hasWildcards() {
        return hex.indexOf('x') >= 0;
    }

    /** The bytes, with wildcard nibbles as 0. */
    public byte[] bytes() {
        byte[] b = new byte[length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (nibble(hex.charAt(2 * i)) << 4 | nibble(hex.charAt(2 * i + 1)));
        }
        return b;
    }

    /** Per byte, the bits to compare (0 where a nibble is a wildcard). */
    public byte[] mask() {
        byte[] m = new byte[length()];
        for (int i = 0; i < m.length; i++) {
            m[i] = (byte) ((hex.charAt(2 * i) == 'x' ? 0 : 0xf0) | (hex.charAt(2 * i + 1) == 'x' ? 0 : 0x0f));
        }
        return m;
    }

    private static int nibble(char c) {
        return c == 'x' ? 0 : Character.digit(c, 16);
    }

    /**
     * Reads keepalived's free-form hex (utils.c {@code read_hex_str}): white space separates groups; each group is
     * read two digits per byte from the left, a last odd digit making a byte of its own ({@code "Ab12f 3"} is
     * AB 12 0F 03). {@code x}/{@code X} is a wildcard nibble when {@code wildcards}. Null when invalid or empty.
     */
    public static HexData parseOrNull(String text, boolean wildcards) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = text.length();
        while (true) {
            while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            char hi = text.charAt(i++);
            if (!digit(hi, wildcards)) {
                return null;
            }
            if (i < n && text.charAt(i) != ' ' && text.charAt(i) != '\t') {
                char lo = text.charAt(i++);
                if (!digit(lo, wildcards)) {
                    return null;
                }
                out.append(norm(hi)).append(norm(lo));
            } else {
                out.append('0').append(norm(hi));
            }
        }
        return out.isEmpty() ? null : new HexData(out.toString());
    }

    private static boolean digit(char c, boolean wildcards) {
        return Character.digit(c, 16) >= 0 && c < 128 || wildcards && (c == 'x' || c == 'X');
    }

    private static char norm(char c) {
        return Character.toLowerCase(c);
    }
}
