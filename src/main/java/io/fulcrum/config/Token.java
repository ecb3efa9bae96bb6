package io.fulcrum.config;

import io.fulcrum.common.SourcePos;
import java.util.Objects;

/**
 * One word of a configuration line after preprocessing.
 *
 * @param text   the word with quotes removed, escapes decoded and adjacent parts joined
 * @param pos    where the word starts in the source (for text that came from a parameter, where the reference was)
 * @param quoted whether any part of the word was quoted: a quoted {@code "{"} is a word, not a block brace
 */
public record Token(String text, SourcePos pos, boolean quoted) {

    public Token {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(pos, "pos");
    }

    public boolean isOpenBrace() {
        return !quoted && text.equals("{");
    }

    public boolean isCloseBrace() {
        return !quoted && text.equals("}");
    }

    public boolean isBrace() {
        return isOpenBrace() || isCloseBrace();
    }

    @Override
    public String toString() {
        return text;
    }
}
