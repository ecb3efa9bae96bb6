package io.fulcrum.common;

import java.util.Objects;

/**
 * A place in a source text: file name as the user gave it (or as an include resolved it), 1-based line and column.
 * Column counts Unicode code points, so a diagnostic points at the character a person sees.
 */
public record SourcePos(String file, int line, int column) implements Comparable<SourcePos> {

    public SourcePos {
        Objects.requireNonNull(file, "file");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
        }
    }

    /** A position for input that is not from a file (command-line arguments, generated text). */
    public static SourcePos of(String what) {
        return new SourcePos(what, 1, 1);
    }

    public SourcePos withColumn(int newColumn) {
        return new SourcePos(file, line, newColumn);
    }

    @Override
    public int compareTo(SourcePos o) {
        int c = file.compareTo(o.file);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(line, o.line);
        return c != 0 ? c : Integer.compare(column, o.column);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
