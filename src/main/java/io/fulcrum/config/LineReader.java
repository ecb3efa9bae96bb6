package io.fulcrum.config;

/**
 * Walks the physical lines of a text without copying it: each step gives the 1-based line number and the bounds of
 * the line, without its line feed and without carriage returns at its end (CRLF files), as keepalived strips them.
 */
final class LineReader {

    private final String text;
    private int next;
    private int lineNumber;
    private int start;
    private int end;

    LineReader(String text) {
        this.text = text;
    }

    /** Moves to the next line; false at the end of the text. A final line feed does not start another line. */
    boolean advance() {
        if (next >= text.length()) {
            return false;
        }
        lineNumber++;
        start = next;
        int newline = text.indexOf('\n', start);
        int stop = newline < 0 ? text.length() : newline;
        next = newline < 0 ? text.length() : newline + 1;
        while (stop > start && text.charAt(stop - 1) == '\r') {
            stop--;
        }
        end = stop;
        return true;
    }

    int lineNumber() {
        return lineNumber;
    }

    /** Length of the current line in chars (UTF-16 units). */
    int length() {
        return end - start;
    }

    /** Length of the current line in code points. */
    int codePoints() {
        return text.codePointCount(start, end);
    }

    String line() {
        return text.substring(start, end);
    }
}
