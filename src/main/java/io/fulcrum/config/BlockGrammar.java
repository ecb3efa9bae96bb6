package io.fulcrum.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keywords of one kind of block (keepalived's {@code install_keyword} table for it). Feature grammars add
 * their keywords; {@link #apply} reads a block's statements into a builder, reporting unknown keywords with a
 * suggestion, deprecated ones with keepalived's warning, and unsupported ones as ignored.
 *
 * @param <B> the builder the block's statements are read into
 */
public final class BlockGrammar<B> {

    private final String name;
    private final Map<String, Keyword<B>> keywords = new LinkedHashMap<>();
    private Keyword<B> entries;

    public BlockGrammar(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** The keywords, in the order they were added (the order the reference documents them). */
    public List<Keyword<B>> keywords() {
        List<Keyword<B>> all = new ArrayList<>(keywords.values());
        if (entries != null) {
            all.addFirst(entries);
        }
        return Collections.unmodifiableList(all);
    }

    public Optional<Keyword<B>> find(String keyword) {
        return Optional.ofNullable(keywords.get(keyword));
    }

    /** A keyword without a block. */
    public BlockGrammar<B> add(String kw, String syntax, String help, Keyword.Handler<B> handler) {
        return put(new Keyword<>(kw, name, syntax, help, KeywordStatus.SUPPORTED, "", false, false, handler,
                Optional.empty()));
    }

    /** A keyword followed by a block; {@code sub} is the block's grammar when it has keywords (else null). */
    public BlockGrammar<B> addBlock(String kw, String syntax, String help, BlockGrammar<?> sub,
            Keyword.Handler<B> handler) {
        return put(new Keyword<>(kw, name, syntax, help, KeywordStatus.SUPPORTED, "", false, true, handler,
                Optional.ofNullable(sub)));
    }

    /** A Fulcrum extension: an ordinary keyword, documented as not in keepalived. */
    public BlockGrammar<B> addExtension(String kw, String syntax, String help, Keyword.Handler<B> handler) {
        return put(new Keyword<>(kw, name, syntax, help, KeywordStatus.SUPPORTED, "", true, false, handler,
                Optional.empty()));
    }

    /**
     * An old name for {@code current} (which must already be added): handled as {@code current}, with
     * {@code warning} (keepalived's own text where it has one).
     */
    public BlockGrammar<B> deprecated(String old, String current, String warning) {
        Keyword<B> target = keywords.get(current);
        if (target == null) {
            throw new IllegalStateException(name + ": deprecated alias " + old + " -> unknown " + current);
        }
        Keyword.Handler<B> handler = (args, b) -> {
            args.warning(warning);
            target.handler().handle(args, b);
        };
        return put(new Keyword<>(old, name, old + " (deprecated: use " + current + ")",
                "Deprecated name of " + current + ".", KeywordStatus.DEPRECATED, current, false,
                target.takesBlock(), handler, target.sub()));
    }

    /** A keepalived keyword Fulcrum does not implement: warned about and ignored (with its block, if any). */
    public BlockGrammar<B> unsupported(String kw, String syntax, String help) {
        Keyword.Handler<B> handler = (args, b) -> args.warning(
                "'" + kw + "' is recognised but not supported by Fulcrum; ignored");
        return put(new Keyword<>(kw, name, syntax, help, KeywordStatus.UNSUPPORTED, "", false, true, handler,
                Optional.empty()));
    }

    /** A keyword keepalived removed: an error, like keepalived's "Unknown keyword", naming what replaced it. */
    public BlockGrammar<B> removed(String kw, String replacement, String why) {
        Keyword.Handler<B> handler = (args, b) -> args.error("unknown keyword '" + kw + "': " + why);
        return put(new Keyword<>(kw, name, kw + " (removed)", why, KeywordStatus.REMOVED, replacement, false,
                true, handler, Optional.empty()));
    }

    /**
     * For blocks whose lines are entries rather than keywords ({@code virtual_ipaddress { 10.0.0.1/24 dev eth0 }}):
     * every statement whose first word is not a keyword of this block goes to {@code handler}.
     */
    public BlockGrammar<B> entries(String syntax, String help, Keyword.Handler<B> handler) {
        if (entries != null) {
            throw new IllegalStateException(name + ": entries handler added twice");
        }
        entries = new Keyword<>("<entry>", name, syntax, help, KeywordStatus.SUPPORTED, "", false, false,
                handler, Optional.empty());
        return this;
    }

    private BlockGrammar<B> put(Keyword<B> k) {
        if (keywords.putIfAbsent(k.name(), k) != null) {
            throw new IllegalStateException(name + ": keyword " + k.name() + " added twice");
        }
        return this;
    }

    /** Reads statements into {@code target}. Never throws for bad input: every problem is a diagnostic. */
    void apply(List<Statement> statements, B target, ParseContext context) {
        for (Statement st : statements) {
            Keyword<B> k = keywords.get(st.name());
            if (k == null && entries != null) {
                k = entries;
            }
            if (k == null) {
                unknown(st, context);
                continue;
            }
            if (st.hasBlock() && !k.takesBlock()) {
                context.diagnostics().error(st.pos(), "'" + st.name() + "' does not take a block");
                continue;
            }
            Args args = new Args(st, context);
            try {
                k.handler().handle(args, target);
            } catch (IllegalArgumentException e) {
                // a record's own validation caught what the handler did not: still a diagnostic, never a crash
                args.error(e.getMessage() == null ? "invalid value" : e.getMessage());
            }
        }
    }

    private void unknown(Statement st, ParseContext context) {
        String kw = st.name();
        StringBuilder msg = new StringBuilder("unknown keyword '").append(kw).append("' in ").append(name);
        List<String> elsewhere = context.blocksByKeyword().getOrDefault(kw, List.of());
        Optional<String> close = Suggestions.didYouMean(kw, keywords.keySet());
        if (!elsewhere.isEmpty()) {
            msg.append(" (it belongs in ").append(String.join(" or ", elsewhere)).append(')');
        }
        close.ifPresent(s -> msg.append("; did you mean '").append(s).append("'?"));
        context.diagnostics().error(st.pos(), msg.toString());
    }
}
