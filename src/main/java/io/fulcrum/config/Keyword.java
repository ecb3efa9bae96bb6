package io.fulcrum.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the keyword registry: its name, the block it belongs to, its syntax and purpose (the text the
 * keyword reference is checked against), how Fulcrum treats it, and the code that reads it.
 *
 * @param name        the keyword as written
 * @param block       the name of the block it appears in ({@code <root>} at the top level)
 * @param syntax      usage, e.g. {@code priority 1..255}
 * @param help        one sentence on what it does, with its default
 * @param status      how Fulcrum treats it
 * @param replacement for DEPRECATED and REMOVED: the keyword to use instead (may be empty)
 * @param fulcrumOnly a Fulcrum extension that keepalived does not have
 * @param takesBlock  whether it is followed by a {@code { ... }} block
 * @param handler     reads the statement into the block's builder
 * @param sub         the grammar of its block, when it has one that has keywords
 */
public record Keyword<B>(String name, String block, String syntax, String help, KeywordStatus status,
        String replacement, boolean fulcrumOnly, boolean takesBlock, Handler<B> handler,
        Optional<BlockGrammar<?>> sub) {

    public Keyword {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(syntax, "syntax");
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(replacement, "replacement");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(sub, "sub");
    }

    /** Reads one statement into the builder of the enclosing block. */
    @FunctionalInterface
    public interface Handler<B> {
        void handle(Args args, B target);
    }
}
