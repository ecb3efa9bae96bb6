package io.fulcrum.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code $NAME=VALUE} parameters defined so far in one load (they are global across included files, as in
 * keepalived). A later definition replaces an earlier one, and may replace a predefined one such as {@code _PWD}.
 */
final class Definitions {

    /**
     * One parameter.
     *
     * @param lines     the value; one line, or several for a multi-line definition
     * @param multiline whether it was written as a multi-line definition: then it may only be used at the end of a
     *                  line, and its second and later lines become lines of their own
     */
    record Definition(String name, List<String> lines, boolean multiline) {

        Definition {
            lines = List.copyOf(lines);
        }

        String firstLine() {
            return lines.isEmpty() ? "" : lines.getFirst();
        }
    }

    private final Map<String, Definition> byName = new HashMap<>();

    void define(String name, String value) {
        byName.put(name, new Definition(name, List.of(value), false));
    }

    void defineMultiline(String name, List<String> lines) {
        if (lines.isEmpty()) {
            define(name, "");
        } else {
            byName.put(name, new Definition(name, lines, true));
        }
    }

    Optional<Definition> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Whether {@code text} from {@code from} starts a parameter name: an ASCII letter or underscore. */
    static boolean isNameStart(int c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isNamePart(int c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    static boolean isName(String s) {
        if (s.isEmpty() || !isNameStart(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!isNamePart(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
