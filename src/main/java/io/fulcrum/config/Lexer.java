package io.fulcrum.config;

/** Placeholder: the lexer is being written (see Preprocessor). */
final class Lexer {
    private Lexer() {
    }
}
