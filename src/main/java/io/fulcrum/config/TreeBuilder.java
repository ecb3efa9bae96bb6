package io.fulcrum.config;

import io.fulcrum.common.Diagnostics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Builds the statement tree from preprocessed lines. A statement is the words of a line up to a brace or the end
 * of the line; {@code {} opens a block for the statement just before it (on the same line or the line before),
 * and {@code }} closes the innermost block. Text after a brace on the same line starts a new statement, so
 * {@code virtual_ipaddress { 10.0.0.1 }} is a block with one entry.
 */
final class TreeBuilder {

    /** Deepest nesting accepted; deeper input is reported and skipped (keeps recursion bounded). */
    static final int MAX_DEPTH = 64;

    private final Diagnostics diagnostics;

    TreeBuilder(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    private static final class Node {
        final Token keyword;
        final List<Token> args;
        final List<Node> children = new ArrayList<>();
        boolean hasBlock;

        Node(Token keyword, List<Token> args) {
            this.keyword = keyword;
            this.args = args;
        }

        Statement toStatement() {
            List<Statement> block = new ArrayList<>(children.size());
            for (Node c : children) {
                block.add(c.toStatement());
            }
            return new Statement(keyword, args, hasBlock, block);
        }
    }

    List<Statement> build(List<ConfigLine> lines) {
        List<Node> top = new ArrayList<>();
        Deque<Node> open = new ArrayDeque<>();
        Node last = null; // the statement a following '{' would open a block for
        int skipping = 0; // depth inside a block that is being skipped after an error
        for (ConfigLine line : lines) {
            List<Token> tokens = line.tokens();
            int i = 0;
            while (i < tokens.size()) {
                Token t = tokens.get(i);
                if (t.isOpenBrace()) {
                    if (skipping > 0) {
                        skipping++;
                    } else if (last == null || last.hasBlock) {
                        diagnostics.error(t.pos(), "'{' without a keyword before it");
                        skipping = 1;
                    } else if (open.size() >= MAX_DEPTH) {
                        diagnostics.error(t.pos(), "blocks nested deeper than " + MAX_DEPTH + " levels");
                        skipping = 1;
                    } else {
                        last.hasBlock = true;
                        open.push(last);
                    }
                    last = null;
                    i++;
                } else if (t.isCloseBrace()) {
                    last = null;
                    if (skipping > 0) {
                        skipping--;
                    } else if (open.isEmpty()) {
                        diagnostics.error(t.pos(), "'}' without an open block");
                    } else {
                        open.pop();
                    }
                    i++;
                } else {
                    int j = i + 1;
                    while (j < tokens.size() && !tokens.get(j).isBrace()) {
                        j++;
                    }
                    if (skipping == 0) {
                        Node n = new Node(t, tokens.subList(i + 1, j));
                        (open.isEmpty() ? top : open.peek().children).add(n);
                        last = n;
                    }
                    i = j;
                }
            }
        }
        if (skipping > 0) {
            diagnostics.error(lines.getLast().tokens().getLast().pos(), "unterminated block (missing '}')");
        }
        while (!open.isEmpty()) {
            Node n = open.pop();
            diagnostics.error(n.keyword.pos(), "block '" + n.keyword.text() + "' is not closed (missing '}')");
        }
        List<Statement> out = new ArrayList<>(top.size());
        for (Node n : top) {
            out.add(n.toStatement());
        }
        return out;
    }
}
