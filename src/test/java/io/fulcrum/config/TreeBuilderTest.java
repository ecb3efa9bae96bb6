package io.fulcrum.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.Diagnostics;
import io.fulcrum.common.Problem;
import io.fulcrum.common.SourcePos;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TreeBuilderTest {

    private final Diagnostics d = new Diagnostics();

    /** Lines of space-separated words; "{" and "}" are braces, words in [] are quoted. */
    private static List<ConfigLine> lines(String... text) {
        List<ConfigLine> out = new ArrayList<>();
        for (int n = 0; n < text.length; n++) {
            List<Token> tokens = new ArrayList<>();
            int col = 1;
            for (String w : text[n].split(" ")) {
                boolean quoted = w.startsWith("[") && w.endsWith("]");
                String t = quoted ? w.substring(1, w.length() - 1) : w;
                tokens.add(new Token(t, new SourcePos("t.conf", n + 1, col), quoted));
                col += w.length() + 1;
            }
            out.add(new ConfigLine(tokens));
        }
        return out;
    }

    private List<Statement> build(String... text) {
        return new TreeBuilder(d).build(lines(text));
    }

    @Test
    void braceOnTheKeywordsLine() {
        List<Statement> top = build("vrrp_instance VI_1 {", "state MASTER", "}");
        assertThat(top).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("vrrp_instance");
            assertThat(s.args()).extracting(Token::text).containsExactly("VI_1");
            assertThat(s.hasBlock()).isTrue();
            assertThat(s.block()).singleElement().satisfies(c -> {
                assertThat(c.name()).isEqualTo("state");
                assertThat(c.args()).extracting(Token::text).containsExactly("MASTER");
                assertThat(c.pos().line()).isEqualTo(2);
            });
        });
        assertThat(d.all()).isEmpty();
    }

    @Test
    void braceOnItsOwnLine() {
        List<Statement> top = build("virtual_server 10.0.0.1 80", "{", "protocol TCP", "}");
        assertThat(top).singleElement().satisfies(s -> {
            assertThat(s.hasBlock()).isTrue();
            assertThat(s.block()).extracting(Statement::name).containsExactly("protocol");
        });
        assertThat(d.all()).isEmpty();
    }

    @Test
    void oneLineBlocksAndSeveralClosingBraces() {
        List<Statement> top = build("a {", "virtual_ipaddress { 10.0.0.1 10.0.0.2 }", "b { c { d } }", "}");
        Statement a = top.getFirst();
        assertThat(a.block()).extracting(Statement::name).containsExactly("virtual_ipaddress", "b");
        assertThat(a.block().get(0).block()).singleElement()
                .satisfies(s -> assertThat(s.words()).extracting(Token::text).containsExactly("10.0.0.1", "10.0.0.2"));
        assertThat(a.block().get(1).block().getFirst().block().getFirst().name()).isEqualTo("d");
        assertThat(d.all()).isEmpty();
    }

    @Test
    void aQuotedBraceIsAWord() {
        List<Statement> top = build("auth_pass [{]");
        assertThat(top.getFirst().hasBlock()).isFalse();
        assertThat(top.getFirst().args()).extracting(Token::text).containsExactly("{");
    }

    @Test
    void unterminatedBlocksAreReportedAtTheirKeyword() {
        build("vrrp_instance VI_1 {", "virtual_ipaddress {", "10.0.0.1");
        assertThat(d.errors()).extracting(Problem::format).containsExactly(
                "t.conf:2:1: error: block 'virtual_ipaddress' is not closed (missing '}')",
                "t.conf:1:1: error: block 'vrrp_instance' is not closed (missing '}')");
    }

    @Test
    void strayBraces() {
        List<Statement> top = build("}", "{", "x 1", "}", "y 2");
        assertThat(d.errors()).extracting(Problem::format).containsExactly(
                "t.conf:1:1: error: '}' without an open block",
                "t.conf:2:1: error: '{' without a keyword before it");
        // the orphan block's content is skipped; what follows is read normally
        assertThat(top).extracting(Statement::name).containsExactly("y");
    }

    @Test
    void deepNestingIsBoundedAndReported() {
        String[] text = new String[200];
        for (int i = 0; i < 200; i++) {
            text[i] = "k" + i + " {";
        }
        List<Statement> top = build(text);
        assertThat(d.errors()).extracting(Problem::message)
                .contains("blocks nested deeper than " + TreeBuilder.MAX_DEPTH + " levels");
        assertThat(top).hasSize(1);
    }
}
