package io.fulcrum.config;

import java.util.List;

/**
 * One line of configuration after preprocessing (includes read, conditionals applied, parameters substituted,
 * generators expanded, comments removed) and lexing. Never empty. Braces are separate tokens.
 */
public record ConfigLine(List<Token> tokens) {

    public ConfigLine {
        tokens = List.copyOf(tokens);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("a configuration line has at least one token");
        }
    }

    public Token first() {
        return tokens.getFirst();
    }
}
