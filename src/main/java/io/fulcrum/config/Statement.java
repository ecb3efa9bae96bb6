package io.fulcrum.config;

import io.fulcrum.common.SourcePos;
import java.util.List;

/**
 * One statement of the configuration tree: a keyword, its arguments and, when it has one, its block.
 *
 * @param keyword  the first word
 * @param args     the words after it, up to the end of the line or a brace
 * @param hasBlock whether a {@code { ... }} block followed (on the same line or the next)
 * @param block    the statements inside the block (empty when none)
 */
public record Statement(Token keyword, List<Token> args, boolean hasBlock, List<Statement> block) {

    public Statement {
        args = List.copyOf(args);
        block = List.copyOf(block);
    }

    public String name() {
        return keyword.text();
    }

    public SourcePos pos() {
        return keyword.pos();
    }

    /** Keyword and arguments as words, for value blocks such as {@code notification_email { a b }}. */
    public List<Token> words() {
        var all = new java.util.ArrayList<Token>(args.size() + 1);
        all.add(keyword);
        all.addAll(args);
        return all;
    }
}
