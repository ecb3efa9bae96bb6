package io.fulcrum.config;

import io.fulcrum.common.Diagnostics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits one preprocessed line (comment already removed, parameters substituted) into words, the way keepalived's
 * {@code alloc_strvec_quoted_escaped()} does, and additionally makes every unquoted {@code {} and {@code }} a word
 * of its own (keepalived's {@code read_line()} splits lines at braces, so {@code foo{} and {@code }}} work there).
 *
 * <ul>
 *   <li>Words are separated by white space ({@link WhiteSpace}); Unicode white space warns once per line.</li>
 *   <li>{@code "..."} and {@code '...'} quote; the quotes are removed and quoted and unquoted parts written
 *       together form one word: {@code abcd" efg h jkl "mnop} is {@code abcd efg h jkl mnop}.</li>
 *   <li>A backslash escapes everywhere (outside quotes and inside both kinds, as in keepalived):
 *       {@code \a \b \E \f \n \r \t \v}, {@code \nnn} (1 to 3 octal digits), {@code \xXX...} (all following hex
 *       digits), {@code \cC} (control character of C), and {@code \C} for any other C is C itself. Bytes made by
 *       escapes are decoded as UTF-8, so {@code \xc3\xa9} is {@code é}. A NUL ends the word's text, as in C.</li>
 *   <li>{@link Token#quoted()} is true when any part of the word was quoted or escaped, so {@code "{"} and
 *       {@code \{} are words, not braces.</li>
 * </ul>
 * An unterminated quote is an error at the opening quote; the word then runs to the end of the line (keepalived
 * drops the line).
 *
 * <p>Difference from keepalived 2.2.7: keepalived uses this quoting only for script lines ({@code script},
 * {@code misc_path}, notify scripts) and {@code regex}; every other keyword is split by {@code alloc_strvec_r()},
 * which knows double quotes only and no escapes (there {@code 'a b'} is two words {@code 'a} and {@code b'}, and
 * {@code a\tb} keeps its backslash). Fulcrum uses one lexer for every line.
 */
final class Lexer {

    private static final int MAX_SHARED_WORDS = 8192;
    private static final int MAX_SHARED_LENGTH = 40;

    private final Diagnostics diagnostics;
    private final Map<String, String> sharedWords = new HashMap<>();

    Lexer(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    List<Token> tokens(SourceLine line) {
        return tokens(line, true);
    }

    /**
     * Words of an include line: braces are part of the file pattern there ({@code conf.d/{a,b}.conf}), as keepalived
     * looks for include lines before it splits lines at braces.
     */
    List<Token> includeTokens(SourceLine line) {
        return tokens(line, false);
    }

    private List<Token> tokens(SourceLine line, boolean splitBraces) {
        List<Token> tokens = new ArrayList<>();
        String text = line.text();
        boolean warned = false;
        int i = 0;
        while (true) {
            while (i < text.length()) {
                int cp = text.codePointAt(i);
                if (WhiteSpace.isAscii(cp)) {
                    i++;
                } else if (WhiteSpace.isOther(cp)) {
                    if (!warned) {
                        diagnostics.warning(line.pos(i), WhiteSpace.warning(cp));
                        warned = true;
                    }
                    i += Character.charCount(cp);
                } else {
                    break;
                }
            }
            if (i >= text.length()) {
                return tokens;
            }
            char c = text.charAt(i);
            if (splitBraces && (c == '{' || c == '}')) {
                tokens.add(new Token(String.valueOf(c), line.pos(i), false));
                i++;
            } else {
                i = word(line, i, tokens, splitBraces);
            }
        }
    }

    private int word(SourceLine line, int start, List<Token> tokens, boolean splitBraces) {
        String text = line.text();
        int plainEnd = start;
        while (plainEnd < text.length() && isPlain(text.charAt(plainEnd), splitBraces)) {
            plainEnd++;
        }
        if (plainEnd == text.length() || WhiteSpace.isAscii(text.charAt(plainEnd))
                || (splitBraces && (text.charAt(plainEnd) == '{' || text.charAt(plainEnd) == '}'))) {
            tokens.add(new Token(shared(text.substring(start, plainEnd)), line.pos(start), false));
            return plainEnd;
        }
        Word word = new Word();
        char quote = 0;
        int quoteAt = -1;
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            int cp = text.codePointAt(i);
            if (quote == 0) {
                if (WhiteSpace.isAny(cp) || (splitBraces && (c == '{' || c == '}'))) {
                    break;
                }
                if (c == '"' || c == '\'') {
                    quote = c;
                    quoteAt = i;
                    word.quoted = true;
                    i++;
                    continue;
                }
            } else if (c == quote) {
                quote = 0;
                i++;
                continue;
            }
            if (c == '\\') {
                i = escape(line, i, word);
            } else {
                word.appendCodePoint(cp);
                i += Character.charCount(cp);
            }
        }
        if (quote != 0) {
            diagnostics.error(line.pos(quoteAt), "unterminated quote: expected a closing " + quote
                    + " before the end of the line");
        }
        tokens.add(new Token(word.text(), line.pos(start), word.quoted));
        return i;
    }

    /**
     * One instance per distinct short word, so a large configuration repeating the same keywords and values does
     * not keep a copy of each; bounded, so a hostile input cannot grow it without limit.
     */
    private String shared(String word) {
        if (word.length() > MAX_SHARED_LENGTH) {
            return word;
        }
        String known = sharedWords.get(word);
        if (known != null) {
            return known;
        }
        if (sharedWords.size() < MAX_SHARED_WORDS) {
            sharedWords.put(word, word);
        }
        return word;
    }

    /** A char that can only be part of an unquoted word as itself (the fast path for ordinary words). */
    private static boolean isPlain(char c, boolean splitBraces) {
        return c > ' ' && c < 127 && c != '"' && c != '\'' && c != '\\' && !(splitBraces && (c == '{' || c == '}'));
    }

    /** Decodes the escape whose backslash is at {@code at}; returns the index after it. */
    private int escape(SourceLine line, int at, Word word) {
        String text = line.text();
        word.quoted = true;
        if (at + 1 >= text.length()) {
            diagnostics.error(line.pos(at), "'\\' at the end of the line: expected a character after it to escape"
                    + " (a trailing '\\' continues only a multi-line $NAME= definition)");
            return at + 1;
        }
        char e = text.charAt(at + 1);
        int i = at + 2;
        int value;
        if (e == 'x' && i < text.length() && Character.digit(text.charAt(i), 16) >= 0 && text.charAt(i) < 128) {
            value = 0;
            while (i < text.length() && text.charAt(i) < 128 && Character.digit(text.charAt(i), 16) >= 0) {
                value = ((value << 4) | Character.digit(text.charAt(i), 16)) & 0xFF;
                i++;
            }
        } else if (e == 'c' && i < text.length()) {
            int cp = text.codePointAt(i);
            value = cp & 0x1F;
            i += Character.charCount(cp);
        } else if (e >= '0' && e <= '7') {
            value = e - '0';
            for (int n = 0; n < 2 && i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '7'; n++) {
                value = (value << 3) + text.charAt(i) - '0';
                i++;
            }
            value &= 0xFF;
        } else {
            value = switch (e) {
                case 'a' -> 0x07;
                case 'b' -> 0x08;
                case 'E' -> 0x1B;
                case 'f' -> 0x0C;
                case 'n' -> 0x0A;
                case 'r' -> 0x0D;
                case 't' -> 0x09;
                case 'v' -> 0x0B;
                default -> -1;
            };
            if (value < 0) {
                int cp = text.codePointAt(at + 1);
                word.appendCodePoint(cp);
                return at + 1 + Character.charCount(cp);
            }
        }
        if (value == 0 && !word.truncated) {
            diagnostics.warning(line.pos(at), "escape '" + text.substring(at, i) + "' is a NUL character, which"
                    + " ends the word (as in keepalived): the rest of the word is ignored");
        }
        word.appendByte(value);
        return i;
    }

    /** The text of one word; bytes from escapes are collected and decoded as UTF-8 together. */
    private static final class Word {
        private final StringBuilder text = new StringBuilder();
        private byte[] pending;
        private int pendingLength;
        boolean quoted;
        boolean truncated;

        void appendCodePoint(int cp) {
            if (!truncated) {
                flush();
                text.appendCodePoint(cp);
            }
        }

        void appendByte(int value) {
            if (truncated) {
                return;
            }
            if (value == 0) {
                flush();
                truncated = true;
                return;
            }
            if (pending == null) {
                pending = new byte[8];
            } else if (pendingLength == pending.length) {
                pending = Arrays.copyOf(pending, pendingLength * 2);
            }
            pending[pendingLength++] = (byte) value;
        }

        String text() {
            flush();
            return text.toString();
        }

        private void flush() {
            if (pendingLength > 0) {
                text.append(new String(pending, 0, pendingLength, StandardCharsets.UTF_8));
                pendingLength = 0;
            }
        }
    }
}
