package io.fulcrum.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.Diagnostics;
import io.fulcrum.common.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lexer and the comment/white-space cleaning that runs before it, on single lines. */
class LexerTest {

    private final Diagnostics diagnostics = new Diagnostics();
    private final LineCleaner cleaner = new LineCleaner(diagnostics);
    private final Lexer lexer = new Lexer(diagnostics);

    /** Cleans then lexes one physical line of file t.conf, line 1. */
    private List<Token> lex(String raw) {
        return lexer.tokens(cleaner.clean("t.conf", 1, raw).line());
    }

    private List<String> texts(String raw) {
        return lex(raw).stream().map(Token::text).toList();
    }

    private static String where(Token t) {
        return t.pos().line() + ":" + t.pos().column();
    }

    private List<String> problems() {
        return diagnostics.all().stream().map(Problem::format).toList();
    }

    @Test
    void wordsCarryFileLineAndColumn() {
        List<Token> tokens = lex("  virtual_server\t10.0.0.1   80");
        assertThat(tokens).extracting(Token::text).containsExactly("virtual_server", "10.0.0.1", "80");
        assertThat(tokens).extracting(LexerTest::where).containsExactly("1:3", "1:18", "1:29");
        assertThat(tokens.getFirst().pos().file()).isEqualTo("t.conf");
        assertThat(tokens).noneMatch(Token::quoted);
        assertThat(diagnostics.all()).isEmpty();
    }

    @Test
    void hashAndBangStartCommentsAnywhereOutsideQuotes() {
        assertThat(texts("router_id r1 # the id")).containsExactly("router_id", "r1");
        assertThat(texts("router_id r1 ! the id")).containsExactly("router_id", "r1");
        assertThat(texts("a#b")).containsExactly("a");
        assertThat(texts("x!y")).containsExactly("x");
        assertThat(texts("# whole line")).isEmpty();
        assertThat(texts("   ! whole line")).isEmpty();
        assertThat(texts("\"a#b\" 'c!d' e")).containsExactly("a#b", "c!d", "e");
    }

    @Test
    void escapedCommentCharactersAreLiteral() {
        assertThat(texts("e\\#f g\\!h")).containsExactly("e#f", "g!h");
    }

    @Test
    void quotesAreRemovedAndAdjacentPartsJoin() {
        List<Token> one = lex("abcd\" efg h jkl \"mnop");
        assertThat(one).extracting(Token::text).containsExactly("abcd efg h jkl mnop");
        assertThat(one.getFirst().quoted()).isTrue();
        assertThat(texts("abcd \"efg h jkl\" mnop")).containsExactly("abcd", "efg h jkl", "mnop");
        List<Token> three = lex("abcd \"efg h jkl\" mnop");
        assertThat(three).extracting(Token::quoted).containsExactly(false, true, false);
        assertThat(three).extracting(LexerTest::where).containsExactly("1:1", "1:6", "1:18");
    }

    @Test
    void singleQuotesKeepSpacesAndDoubleQuotesInside() {
        assertThat(texts("script '/bin/echo \"hi there\"' x")).containsExactly("script", "/bin/echo \"hi there\"",
                "x");
        assertThat(texts("a \"it's\" b")).containsExactly("a", "it's", "b");
    }

    @Test
    void emptyQuotesMakeAnEmptyQuotedWord() {
        List<Token> tokens = lex("auth_pass \"\"");
        assertThat(tokens).extracting(Token::text).containsExactly("auth_pass", "");
        assertThat(tokens.get(1).quoted()).isTrue();
    }

    @Test
    void namedEscapesAsKeepalivedDecodesThem() {
        assertThat(texts("\"\\a\\b\\E\\f\\n\\r\\t\\v\"")).containsExactly("\u0007\b\u001b\f\n\r\t\u000b");
        assertThat(texts("\"say \\\"hi\\\"\"")).containsExactly("say \"hi\"");
        assertThat(texts("\"back\\\\slash\"")).containsExactly("back\\slash");
        assertThat(texts("\\q\\%")).containsExactly("q%");
    }

    @Test
    void numericAndControlEscapes() {
        assertThat(texts("\\101\\1010 \\7x")).containsExactly("AA0", "\u0007x");
        assertThat(texts("\\x41\\x4a42 \\xZ")).containsExactly("AB", "xZ");
        assertThat(texts("\\xc3\\xa9t\\303\\251")).containsExactly("été");
        assertThat(texts("\\cA\\c[ \\c")).containsExactly("\u0001\u001b", "c");
    }

    @Test
    void escapesApplyOutsideQuotesAndInsideBothKinds() {
        assertThat(texts("a\\tb 'c\\x41' \"d\\n\"")).containsExactly("a\tb", "cA", "d\n");
        assertThat(texts("one\\ word")).containsExactly("one word");
    }

    @Test
    void escapedWordsCountAsQuotedSoAnEscapedBraceIsNotABrace() {
        List<Token> tokens = lex("\\{ \"}\" {");
        assertThat(tokens).extracting(Token::text).containsExactly("{", "}", "{");
        assertThat(tokens).extracting(Token::isBrace).containsExactly(false, false, true);
    }

    @Test
    void nulEscapeEndsTheWordWithAWarning() {
        List<Token> tokens = lex("ab\\0cd ef");
        assertThat(tokens).extracting(Token::text).containsExactly("ab", "ef");
        assertThat(problems()).containsExactly("t.conf:1:3: warning: escape '\\0' is a NUL character, which ends"
                + " the word (as in keepalived): the rest of the word is ignored");
    }

    @Test
    void bracesAreSeparateTokensEvenWhenAttached() {
        List<Token> tokens = lex("vrrp_instance VI_1{");
        assertThat(tokens).extracting(Token::text).containsExactly("vrrp_instance", "VI_1", "{");
        assertThat(tokens).extracting(LexerTest::where).containsExactly("1:1", "1:15", "1:19");
        assertThat(tokens.get(2).isOpenBrace()).isTrue();
        assertThat(texts("}}")).containsExactly("}", "}");
        assertThat(texts("a{b}c")).containsExactly("a", "{", "b", "}", "c");
        assertThat(texts("x\"{\"y")).containsExactly("x{y");
    }

    @Test
    void unterminatedQuoteIsAnErrorAtTheQuoteAndRunsToTheEndOfTheLine() {
        List<Token> tokens = lex("notify \"/bin/x arg  # not a comment");
        assertThat(tokens).extracting(Token::text).containsExactly("notify", "/bin/x arg  # not a comment");
        assertThat(tokens).extracting(LexerTest::where).containsExactly("1:1", "1:8");
        assertThat(problems()).containsExactly(
                "t.conf:1:8: error: unterminated quote: expected a closing \" before the end of the line");
    }

    @Test
    void unterminatedSingleQuoteNamesTheQuote() {
        assertThat(texts("a 'b c")).containsExactly("a", "b c");
        assertThat(problems()).containsExactly(
                "t.conf:1:3: error: unterminated quote: expected a closing ' before the end of the line");
    }

    @Test
    void unicodeWhiteSpaceSeparatesWordsWithOneWarningPerLine() {
        List<Token> tokens = lex("retry 3\u3000\u3000\u3000");
        assertThat(tokens).extracting(Token::text).containsExactly("retry", "3");
        assertThat(problems()).containsExactly(
                "t.conf:1:8: warning: U+3000 IDEOGRAPHIC SPACE treated as white space (keepalived would not)");
    }

    @Test
    void firstUnicodeSpaceOfALineIsTheOneNamed() {
        assertThat(texts("a\u00a0b\u3000c\u2003d")).containsExactly("a", "b", "c", "d");
        assertThat(problems()).containsExactly(
                "t.conf:1:2: warning: U+00A0 NO-BREAK SPACE treated as white space (keepalived would not)");
    }

    @Test
    void quotedUnicodeSpaceIsKeptWithoutWarning() {
        assertThat(texts("\"a\u3000b\"")).containsExactly("a\u3000b");
        assertThat(diagnostics.all()).isEmpty();
    }

    @Test
    void asciiControlWhiteSpaceSeparatesSilently() {
        assertThat(texts("a\fb\u000bc\rd")).containsExactly("a", "b", "c", "d");
        assertThat(diagnostics.all()).isEmpty();
    }

    @Test
    void lexerAloneAlsoWarnsOnceForUnicodeSpace() {
        SourceLine line = new SourceLine("t.conf", 4, "a\u3000b\u3000c", SourceLine.columnsOf("a\u3000b\u3000c"));
        assertThat(lexer.tokens(line)).extracting(Token::text).containsExactly("a", "b", "c");
        assertThat(problems()).containsExactly(
                "t.conf:4:2: warning: U+3000 IDEOGRAPHIC SPACE treated as white space (keepalived would not)");
    }

    @Test
    void columnsCountCodePointsNotChars() {
        List<Token> tokens = lex("\"\uD83D\uDE00\" x \u00e9t\u00e9 y");
        assertThat(tokens).extracting(Token::text).containsExactly("\uD83D\uDE00", "x", "\u00e9t\u00e9", "y");
        assertThat(tokens).extracting(LexerTest::where).containsExactly("1:1", "1:5", "1:7", "1:11");
    }

    @Test
    void trailingBackslashIsAContinuationForTheCleanerAndAnErrorForTheLexer() {
        LineCleaner.Cleaned cleaned = cleaner.clean("t.conf", 2, "$A= a b  \\  # comment");
        assertThat(cleaned.line().text()).isEqualTo("$A= a b");
        assertThat(cleaned.continued()).isTrue();
        assertThat(cleaned.continuationPos().toString()).isEqualTo("t.conf:2:10");
        assertThat(cleaner.clean("t.conf", 3, "x \\\\").continued()).isFalse();

        SourceLine raw = new SourceLine("t.conf", 5, "a \\", SourceLine.columnsOf("a \\"));
        assertThat(lexer.tokens(raw)).extracting(Token::text).containsExactly("a", "");
        assertThat(problems()).containsExactly("t.conf:5:3: error: '\\' at the end of the line: expected a"
                + " character after it to escape (a trailing '\\' continues only a multi-line $NAME= definition)");
    }

    @Test
    void cleanerTrimsAndKeepsColumns() {
        SourceLine line = cleaner.clean("t.conf", 7, "\t  key   value   ").line();
        assertThat(line.text()).isEqualTo("key   value");
        assertThat(line.column(0)).isEqualTo(4);
        assertThat(line.column(6)).isEqualTo(10);
    }
}
