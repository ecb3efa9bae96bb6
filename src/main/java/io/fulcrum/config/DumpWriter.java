package io.fulcrum.config;

import io.fulcrum.common.IpAddress;
import io.fulcrum.common.IpPrefix;
import io.fulcrum.config.model.ScriptSpec;
import java.time.Duration;
import java.util.Optional;

/**
 * Writes canonical keepalived syntax: one keyword per line, blocks indented by four spaces, words quoted only when
 * they must be (so that reading the text back gives the same words).
 */
public final class DumpWriter {

    private final StringBuilder out = new StringBuilder();
    private int depth;

    /** {@code keyword arg arg ...} on a line of its own. */
    public DumpWriter line(String keyword, Object... args) {
        indent();
        out.append(keyword);
        for (Object a : args) {
            out.append(' ').append(word(a));
        }
        out.append('\n');
        return this;
    }

    /** A line of raw words, each quoted if needed (for entries such as a VIP with its options). */
    public DumpWriter words(java.util.List<String> words) {
        indent();
        for (int i = 0; i < words.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(quote(words.get(i)));
        }
        out.append('\n');
        return this;
    }

    /** {@code keyword} when the flag is set; nothing otherwise. */
    public DumpWriter flag(String keyword, boolean set) {
        return set ? line(keyword) : this;
    }

    /** {@code keyword value} when present; nothing otherwise. */
    public DumpWriter optional(String keyword, Optional<?> value) {
        value.ifPresent(v -> line(keyword, v));
        return this;
    }

    /** {@code keyword "command" [user [group]]}. */
    public DumpWriter script(String keyword, ScriptSpec s) {
        indent();
        out.append(keyword).append(' ').append(quote(s.commandString()));
        s.user().ifPresent(u -> out.append(' ').append(quote(u)));
        s.group().ifPresent(g -> out.append(' ').append(quote(g)));
        out.append('\n');
        return this;
    }

    public DumpWriter open(String keyword, Object... args) {
        indent();
        out.append(keyword);
        for (Object a : args) {
            out.append(' ').append(word(a));
        }
        out.append(" {\n");
        depth++;
        return this;
    }

    public DumpWriter close() {
        if (depth == 0) {
            throw new IllegalStateException("close() without open()");
        }
        depth--;
        indent();
        out.append("}\n");
        return this;
    }

    public DumpWriter blank() {
        out.append('\n');
        return this;
    }

    public DumpWriter comment(String text) {
        indent();
        out.append("# ").append(text.replace('\n', ' ')).append('\n');
        return this;
    }

    public String text() {
        if (depth != 0) {
            throw new IllegalStateException("unclosed block in dump");
        }
        return out.toString();
    }

    private void indent() {
        out.append("    ".repeat(depth));
    }

    private static String word(Object a) {
        return switch (a) {
            case Duration d -> Durations.format(d);
            case Boolean b -> b ? "true" : "false";
            case IpAddress ip -> ip.toString();
            case IpPrefix p -> p.isHost() ? p.address().toString() : p.toString();
            case Optional<?> o -> o.map(DumpWriter::word).orElse("");
            default -> quote(String.valueOf(a));
        };
    }

    /**
     * Quotes a word when reading it back would otherwise change it: white space, comment characters, quotes,
     * braces, backslashes, and the characters the preprocessor gives a meaning ($, ~, @ at the start).
     */
    public static String quote(String w) {
        boolean plain = !w.isEmpty();
        for (int i = 0; i < w.length() && plain; i++) {
            char c = w.charAt(i);
            plain = !(Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '#' || c == '!' || c == '"'
                    || c == '\'' || c == '{' || c == '}' || c == '\\' || c == '$' || c == '~' || c < 0x20
                    || (i == 0 && c == '@'));
        }
        if (plain) {
            return w;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        // three octal digits: the reader's \x takes every hex digit that follows ("\x08c")
                        sb.append(String.format("\\%03o", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
