package io.fulcrum.config.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A script keepalived runs (notify, check, quorum): the program and its arguments, and the user and group to run
 * it as. Never run through a shell unless the program is one.
 */
public record ScriptSpec(List<String> argv, Optional<String> user, Optional<String> group) {

    public ScriptSpec {
        argv = List.copyOf(argv);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
        if (argv.isEmpty() || argv.getFirst().isEmpty()) {
            throw new IllegalArgumentException("a script needs a program");
        }
    }

    public String program() {
        return argv.getFirst();
    }

    /**
     * Splits a command string the way keepalived does: words separated by white space; single quotes keep white
     * space inside a word. Returns an empty list for a blank string.
     */
    public static List<String> splitCommand(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        boolean quoted = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
                inWord = true;
            } else if (!quoted && Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(cur.toString());
        }
        return words;
    }

    /** The command as one keepalived string: words joined by spaces, single-quoted when they hold white space. */
    public String commandString() {
        StringBuilder sb = new StringBuilder();
        for (String w : argv) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            boolean needsQuotes = w.isEmpty() || w.chars().anyMatch(Character::isWhitespace);
            sb.append(needsQuotes ? "'" + w + "'" : w);
        }
        return sb.toString();
    }
}
