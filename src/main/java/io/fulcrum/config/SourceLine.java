package io.fulcrum.config;

import io.fulcrum.common.SourcePos;
import java.util.Arrays;
import java.util.List;

/**
 * A line of text on its way through the preprocessor. Every char remembers the source column it came from, so
 * text that was cut, joined or substituted still points at the place a person wrote it: characters produced by a
 * parameter reference carry the column of its {@code $}.
 */
final class SourceLine {

    private final String file;
    private final int line;
    private final String text;
    /** One column per char, or null when the columns run on from {@link #firstColumn} one per char. */
    private final int[] columns;
    private final int firstColumn;

    SourceLine(String file, int line, String text, int[] columns) {
        if (text.length() != columns.length) {
            throw new IllegalArgumentException("one column per char: " + text.length() + " != " + columns.length);
        }
        this.file = file;
        this.line = line;
        this.text = text;
        this.columns = columns;
        this.firstColumn = 1;
    }

    private SourceLine(String file, int line, String text, int firstColumn) {
        this.file = file;
        this.line = line;
        this.text = text;
        this.columns = null;
        this.firstColumn = firstColumn;
    }

    /** A raw physical line; its columns are computed without a table unless it has surrogate pairs. */
    static SourceLine of(String file, int line, String raw) {
        for (int i = 0; i < raw.length(); i++) {
            if (Character.isSurrogate(raw.charAt(i))) {
                return new SourceLine(file, line, raw, columnsOf(raw));
            }
        }
        return new SourceLine(file, line, raw, 1);
    }

    /** Text whose characters all map to one column (a substituted value, a multi-line definition's line). */
    static SourceLine uniform(String file, int line, String text, int column) {
        int[] cols = new int[text.length()];
        Arrays.fill(cols, column);
        return new SourceLine(file, line, text, cols);
    }

    /** Columns of a raw line: 1-based, counting code points (both halves of a surrogate pair share one). */
    static int[] columnsOf(String raw) {
        int[] cols = new int[raw.length()];
        int col = 1;
        for (int i = 0; i < raw.length(); i++) {
            cols[i] = col;
            if (!(Character.isHighSurrogate(raw.charAt(i)) && i + 1 < raw.length()
                    && Character.isLowSurrogate(raw.charAt(i + 1)))) {
                col++;
            }
        }
        return cols;
    }

    String file() {
        return file;
    }

    int line() {
        return line;
    }

    String text() {
        return text;
    }

    int length() {
        return text.length();
    }

    char charAt(int index) {
        return text.charAt(index);
    }

    boolean isEmpty() {
        return text.isEmpty();
    }

    boolean startsWith(String prefix) {
        return text.startsWith(prefix);
    }

    int column(int index) {
        if (columns == null) {
            return firstColumn + index;
        }
        if (index < columns.length) {
            return columns[index];
        }
        return columns.length == 0 ? 1 : columns[columns.length - 1] + 1;
    }

    /** Where the char at {@code index} came from; an index at the end points just past the last char. */
    SourcePos pos(int index) {
        return new SourcePos(file, line, column(index));
    }

    SourcePos start() {
        return pos(0);
    }

    SourceLine slice(int from, int to) {
        if (from == 0 && to == text.length()) {
            return this;
        }
        if (columns == null) {
            return new SourceLine(file, line, text.substring(from, to), firstColumn + from);
        }
        return new SourceLine(file, line, text.substring(from, to), Arrays.copyOfRange(columns, from, to));
    }

    /** The same line with the chars at {@code indices} replaced by {@code c}, columns unchanged. */
    SourceLine replace(List<Integer> indices, char c) {
        char[] chars = text.toCharArray();
        for (int index : indices) {
            chars[index] = c;
        }
        String replaced = new String(chars);
        return columns == null ? new SourceLine(file, line, replaced, firstColumn)
                : new SourceLine(file, line, replaced, columns);
    }

    SourceLine slice(int from) {
        return slice(from, text.length());
    }

    /** This line without leading and trailing blanks (space and tab). */
    SourceLine stripBlanks() {
        int from = skipBlanks(0);
        int to = text.length();
        while (to > from && isBlank(text.charAt(to - 1))) {
            to--;
        }
        return slice(from, to);
    }

    /** The first index at or after {@code from} that is not a blank. */
    int skipBlanks(int from) {
        int i = from;
        while (i < text.length() && isBlank(text.charAt(i))) {
            i++;
        }
        return i;
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    @Override
    public String toString() {
        return file + ":" + line + ": " + text;
    }

    /** Builds a {@link SourceLine} char by char, keeping each char's column. */
    static final class Builder {
        private final StringBuilder text = new StringBuilder();
        private int[] columns = new int[16];

        Builder append(char c, int column) {
            if (text.length() == columns.length) {
                columns = Arrays.copyOf(columns, columns.length * 2);
            }
            columns[text.length()] = column;
            text.append(c);
            return this;
        }

        Builder append(SourceLine from, int start, int end) {
            for (int i = start; i < end; i++) {
                append(from.charAt(i), from.column(i));
            }
            return this;
        }

        int length() {
            return text.length();
        }

        char charAt(int index) {
            return text.charAt(index);
        }

        void setLength(int length) {
            text.setLength(length);
        }

        SourceLine build(String file, int line) {
            return new SourceLine(file, line, text.toString(), Arrays.copyOf(columns, text.length()));
        }
    }
}
