package io.fulcrum.notify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads a script's standard output and error (merged) to their end on a virtual thread, so the script never blocks
 * on a full pipe. The first {@link #MAX_LINES} lines, each cut at {@link #MAX_LINE} characters, go to the log as
 * {@code Script output [PROGRAM]: LINE}; the rest is counted and reported in one line at the end.
 */
final class OutputDrain {

    static final int MAX_LINES = 20;
    static final int MAX_LINE = 400;

    private final Thread thread;

    private OutputDrain(Thread thread) {
        this.thread = thread;
    }

    static OutputDrain start(InputStream output, String program, Consumer<String> log) {
        return new OutputDrain(Thread.ofVirtual().name("script-output").start(() -> drain(output, program, log)));
    }

    /** Waits up to {@code millis} for the end of the output (a child that keeps it open may outlive the script). */
    void awaitEnd(long millis) throws InterruptedException {
        thread.join(millis);
    }

    private static void drain(InputStream output, String program, Consumer<String> log) {
        byte[] buffer = new byte[8192];
        StringBuilder line = new StringBuilder();
        int logged = 0;
        long unlogged = 0;
        try (output) {
            int n;
            while ((n = output.read(buffer)) > 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != '\n') {
                        continue;
                    }
                    if (logged < MAX_LINES) {
                        append(line, buffer, start, i);
                        log.accept(entry(program, line));
                        logged++;
                    } else {
                        unlogged += i - start + 1;
                    }
                    line.setLength(0);
                    start = i + 1;
                }
                if (logged < MAX_LINES) {
                    append(line, buffer, start, n);
                } else {
                    unlogged += n - start;
                }
            }
        } catch (IOException e) {
            // the process was killed or closed its output: nothing more to read
        }
        if (!line.isEmpty() && logged < MAX_LINES) {
            log.accept(entry(program, line));
        }
        if (unlogged > 0) {
            log.accept("Script output [" + program + "]: " + unlogged + " more bytes not logged");
        }
    }

    private static void append(StringBuilder line, byte[] buffer, int from, int to) {
        if (line.length() < MAX_LINE) {
            int take = Math.min(to - from, MAX_LINE - line.length());
            line.append(new String(buffer, from, take, StandardCharsets.UTF_8));
        }
    }

    private static String entry(String program, CharSequence line) {
        String text = line.toString().stripTrailing();
        return "Script output [" + program + "]: " + (text.length() > MAX_LINE ? text.substring(0, MAX_LINE) : text);
    }
}
