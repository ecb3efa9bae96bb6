package io.fulcrum.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.Diagnostics;
import io.fulcrum.common.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreprocessorTest {

    private static final Path BASE = Path.of("/etc/keepalived");

    private final Diagnostics diagnostics = new Diagnostics();

    @TempDir
    Path dir;

    // ---- helpers ------------------------------------------------------------------------------------------------

    private List<ConfigLine> text(String text) {
        return text(text, "node1", 1L);
    }

    private List<ConfigLine> text(String text, String configId, long seed) {
        var options = new PreprocessOptions(configId, name -> Optional.ofNullable(ENV.get(name)), seed);
        return new Preprocessor(FileAccess.none(), options, diagnostics).loadText("main.conf", BASE, text);
    }

    private static final Map<String, String> ENV = Map.of("HOME", "/root", "SITE", "ams 1");

    private List<ConfigLine> load(Path file) throws ConfigReadException {
        return load(FileAccess.real(), file);
    }

    private List<ConfigLine> load(FileAccess files, Path file) throws ConfigReadException {
        return new Preprocessor(files, PreprocessOptions.of("node1", Map.of()), diagnostics).load(file);
    }

    /** Each line as its words joined by single spaces. */
    private static List<String> words(List<ConfigLine> lines) {
        return lines.stream().map(l -> l.tokens().stream().map(Token::text).collect(Collectors.joining(" ")))
                .toList();
    }

    /** Each token as text@line:column. */
    private static List<String> placed(ConfigLine line) {
        return line.tokens().stream().map(t -> t.text() + "@" + t.pos().line() + ":" + t.pos().column()).toList();
    }

    private List<String> problems() {
        return diagnostics.all().stream().map(Problem::format).toList();
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    // ---- lines, comments, braces --------------------------------------------------------------------------------

    @Test
    void flatLinesWithBracesCommentsAndPositions() {
        List<ConfigLine> lines = text("""
                ! Configuration File for keepalived
                global_defs {   # the globals
                   router_id LVS_DEVEL
                }

                vrrp_instance VI_1{ state MASTER }}
                """);
        assertThat(words(lines)).containsExactly("global_defs {", "router_id LVS_DEVEL", "}",
                "vrrp_instance VI_1 { state MASTER } }");
        assertThat(placed(lines.get(1))).containsExactly("router_id@3:4", "LVS_DEVEL@3:14");
        assertThat(placed(lines.get(3))).containsExactly("vrrp_instance@6:1", "VI_1@6:15", "{@6:19", "state@6:21",
                "MASTER@6:27", "}@6:34", "}@6:35");
        assertThat(lines.get(3).tokens().get(2).isOpenBrace()).isTrue();
        assertThat(lines.getFirst().first().pos().file()).isEqualTo("main.conf");
        assertThat(diagnostics.all()).isEmpty();
    }

    @Test
    void crlfLineEndsAreStrippedSilently() {
        List<ConfigLine> lines = text("a b\r\n\r\n# c\r\nd {\r\n}\r\n");
        assertThat(words(lines)).containsExactly("a b", "d {", "}");
        assertThat(placed(lines.get(1))).containsExactly("d@4:1", "{@4:3");
        assertThat(diagnostics.all()).isEmpty();
    }

    @Test
    void unterminatedQuoteIsReportedAndTheWordRunsToTheEnd() {
        List<ConfigLine> lines = text("a\nnotify_master \"/bin/x y\nb");
        assertThat(words(lines)).containsExactly("a", "notify_master /bin/x y", "b");
        assertThat(problems()).containsExactly(
                "main.conf:2:15: error: unterminated quote: expected a closing \" before the end of the line");
    }

    @Test
    void unicodeWhiteSpaceIsWhiteSpaceWithOneWarningPerLine() {
        List<ConfigLine> lines = text("retry 3\u3000\u3000\u3000\n@node1\u3000delay_before_retry\u00a02\n");
        assertThat(words(lines)).containsExactly("retry 3", "delay_before_retry 2");
        assertThat(problems()).containsExactly(
                "main.conf:1:8: warning: U+3000 IDEOGRAPHIC SPACE treated as white space (keepalived would not)",
                "main.conf:2:7: warning: U+3000 IDEOGRAPHIC SPACE treated as white space (keepalived would not)");
    }

    @Test
    void strayContinuationBackslashIsAnError() {
        List<ConfigLine> lines = text("l1 bar \\\nl2 baz");
        assertThat(words(lines)).containsExactly("l1 bar", "l2 baz");
        assertThat(problems()).containsExactly("main.conf:1:8: error: '\\' at the end of a line continues only a"
                + " multi-line $NAME= definition: expected nothing after the last word");
    }

    // ---- decoding -----------------------------------------------------------------------------------------------

    @Test
    void binaryFileIsRefused() throws Exception {
        Path file = dir.resolve("bin.conf");
        Files.write(file, new byte[] {'a', ' ', 'b', '\n', 'c', 'd', 0, 'e'});
        assertThat(load(file)).isEmpty();
        assertThat(problems()).containsExactly(
                file + ":2:3: error: binary file (NUL byte at offset 6); not a configuration");
    }

    @Test
    void binaryTextIsRefusedToo() {
        assertThat(text("x y\n\u00e9\0")).isEmpty();
        assertThat(problems()).containsExactly(
                "main.conf:2:2: error: binary file (NUL byte at offset 6); not a configuration");
    }

    @Test
    void malformedUtf8IsReplacedWithOneWarningPerFile() throws Exception {
        Path file = dir.resolve("latin1.conf");
        Files.write(file, new byte[] {'a', ' ', (byte) 0xff, 'b', '\n', 'c', ' ', (byte) 0xe9, '\n'});
        List<ConfigLine> lines = load(file);
        assertThat(words(lines)).containsExactly("a \uFFFDb", "c \uFFFD");
        assertThat(problems()).containsExactly(file + ":1:3: warning: invalid UTF-8 (first at byte offset 2);"
                + " invalid bytes were replaced by U+FFFD: expected a UTF-8 text file");
    }

    @Test
    void byteOrderMarkIsDropped() throws Exception {
        Path file = dir.resolve("bom.conf");
        Files.write(file, ("\uFEFFglobal_defs {\n}").getBytes(StandardCharsets.UTF_8));
        assertThat(placed(load(file).getFirst())).containsExactly("global_defs@1:1", "{@1:13");
    }

    @Test
    void tenMegabyteLineIsSkippedQuickly() {
        String longLine = "x".repeat(10_000_000);
        long start = System.nanoTime();
        List<ConfigLine> lines = text(longLine + "\nnext line\n" + "y".repeat(Preprocessor.MAX_LINE_LENGTH));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(words(lines)).containsExactly("next line", "y".repeat(Preprocessor.MAX_LINE_LENGTH));
        assertThat(placed(lines.getFirst())).containsExactly("next@2:1", "line@2:6");
        assertThat(problems()).containsExactly(
                "main.conf:1:1: error: line too long (10000000 characters, at most 65536)");
        assertThat(millis).isLessThan(3_000);
    }

    @Test
    void millionLineFileIsFast() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1_000_000; i++) {
            sb.append("real_server 10.0.").append(i % 250).append(".1 80 # server ").append(i).append('\n');
        }
        long start = System.nanoTime();
        List<ConfigLine> lines = text(sb.toString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(lines).hasSize(1_000_000);
        assertThat(placed(lines.get(999_999))).containsExactly("real_server@1000000:1", "10.0.249.1@1000000:13",
                "80@1000000:24");
        assertThat(millis).isLessThan(10_000);
    }

    // ---- conditionals -------------------------------------------------------------------------------------------

    private static final String CONDITIONAL = """
            global_defs {
                @main   router_id main_router
                @backup router_id backup_router
            }
            unicast_peer {
                @^main    1.2.3.4
                @^backup  1.2.3.5
                @^backup2 1.2.3.6
            }
            @mainx not_main
            """;

    @Test
    void conditionalLinesForTwoConfigIds() {
        List<ConfigLine> main = text(CONDITIONAL, "main", 1);
        assertThat(words(main)).containsExactly("global_defs {", "router_id main_router", "}", "unicast_peer {",
                "1.2.3.5", "1.2.3.6", "}");
        assertThat(placed(main.get(1))).containsExactly("router_id@2:13", "main_router@2:23");
        List<ConfigLine> backup = text(CONDITIONAL, "backup", 1);
        assertThat(words(backup)).containsExactly("global_defs {", "router_id backup_router", "}",
                "unicast_peer {", "1.2.3.4", "1.2.3.6", "}");
        assertThat(diagnostics.all()).isEmpty();
    }

    @Test
    void conditionWithNothingAfterItIsIgnoredWithAWarning() {
        assertThat(text("@node1\n@node1 kept")).extracting(ConfigLine::first).extracting(Token::text)
                .containsExactly("kept");
        assertThat(problems()).containsExactly("main.conf:1:1: warning: nothing follows the condition '@node1':"
                + " expected a configuration line after it; line ignored");
    }

    // ---- parameters ---------------------------------------------------------------------------------------------

    @Test
    void parametersAreSubstitutedAtTheirReference() {
        List<ConfigLine> lines = text("""
                $IP=10.0.0.1
                $PORT=80
                virtual_server $IP $PORT {
                virtual_server ${IP}:${PORT}
                a $IP-x $IP,y ($IP) $UNDEF ${UNDEF} p$IP
                """);
        assertThat(words(lines)).containsExactly("virtual_server 10.0.0.1 80 {", "virtual_server 10.0.0.1:80",
                "a $IP-x 10.0.0.1,y (10.0.0.1) $UNDEF $ { UNDEF } p10.0.0.1");
        assertThat(placed(lines.getFirst())).containsExactly("virtual_server@3:1", "10.0.0.1@3:16", "80@3:20",
                "{@3:26");
        assertThat(placed(lines.get(1))).containsExactly("virtual_server@4:1", "10.0.0.1:80@4:16");
        assertThat(diagnostics.all()).isEmpty();
    }

    @Test
    void definitionSyntax() {
        List<ConfigLine> lines = text("""
                $A = spaced
                   $B=  y
                $1X=3
                $E=
                a${E}b $B
                $B=z
                $B ${E}
                """);
        assertThat(words(lines)).containsExactly("$A = spaced", "$1X=3", "ab y", "z");
        assertThat(diagnostics.all()).isEmpty();
    }

    @Test
    void valuesAreExpandedRecursivelyAtUseTime() {
        List<ConfigLine> lines = text("""
                $ADDRESS_BASE=10.2.${ADDRESS_BASE_SUB}
                $ADDRESS_BASE_SUB=0
                ${ADDRESS_BASE}.100/32
                $ADDRESS_BASE_SUB=10
                ${ADDRESS_BASE}.100/32
                """);
        assertThat(words(lines)).containsExactly("10.2.0.100/32", "10.2.10.100/32");
        assertThat(placed(lines.get(1))).containsExactly("10.2.10.100/32@5:1");
    }

    @Test
    void selfReferenceHitsTheDepthLimit() {
        List<ConfigLine> lines = text("$A=x ${A}\nkey ${A}\nafter");
        assertThat(words(lines)).containsExactly("after");
        assertThat(problems()).containsExactly("main.conf:2:5: error: parameter $A is nested more than 32 levels"
                + " deep: expected a definition that does not refer to itself");
    }

    @Test
    void exponentialDefinitionsAreStopped() {
        StringBuilder sb = new StringBuilder("$P0=\n");
        for (int i = 1; i <= 30; i++) {
            sb.append("$P").append(i).append("=${P").append(i - 1).append("}${P").append(i - 1).append("}\n");
        }
        sb.append("x ${P30}\n");
        assertThat(text(sb.toString())).isEmpty();
        assertThat(problems()).containsExactly("main.conf:32:1: error: more than 100000 parameter substitutions in"
                + " one line: expected definitions that do not multiply");
    }

    @Test
    void parameterCanCarryAConditionAndAConditionCanCarryADefinition() {
        String conf = """
                @main $PRIORITY=240
                @backup $PRIORITY=200
                $IF_MAIN=@main
                priority $PRIORITY
                $IF_MAIN nopreempt
                """;
        assertThat(words(text(conf, "main", 1))).containsExactly("priority 240", "nopreempt");
        assertThat(words(text(conf, "backup", 1))).containsExactly("priority 200");
    }

    @Test
    void multiLineDefinitionsExpandIntoLinesAtTheReference() {
        String conf = """
                $INSTANCE= \\
                vrrp_instance VI_${NUM} { \\
                    interface eth0.${NUM} \\
                    @high priority 130 \\
                    @low priority 120 \\
                }

                $NUM=0
                $INSTANCE
                $NUM=1
                $INSTANCE
                """;
        List<ConfigLine> lines = text(conf, "high", 1);
        assertThat(words(lines)).containsExactly("vrrp_instance VI_0 {", "interface eth0.0", "priority 130", "}",
                "vrrp_instance VI_1 {", "interface eth0.1", "priority 130", "}");
        assertThat(placed(lines.get(1))).containsExactly("interface@9:1", "eth0.0@9:1");
        assertThat(placed(lines.get(4))).containsExactly("vrrp_instance@11:1", "VI_1@11:1", "{@11:1");
        assertThat(words(text(conf, "low", 1))).contains("priority 120").doesNotContain("priority 130");
        assertThat(diagnostics.all()).isEmpty();
    }

    @Test
    void multiLineDefinitionsNest() {
        List<ConfigLine> lines = text("""
                $RS= \\
                real_server 192.168.${VS_NUM}.${RS_NUM} 80 { \\
                    weight 1 \\
                }
                $VS= \\
                virtual_server 10.0.${VS_NUM}.4 80 { \\
                    $RS_NUM=1 \\
                    $RS \\
                    $RS_NUM=2 \\
                    $RS \\
                }
                $VS_NUM=0
                $VS
                """);
        assertThat(words(lines)).containsExactly("virtual_server 10.0.0.4 80 {", "real_server 192.168.0.1 80 {",
                "weight 1", "}", "real_server 192.168.0.2 80 {", "weight 1", "}", "}");
        assertThat(diagnostics.all()).isEmpty();
    }

    @Test
    void multiLineParameterOnlyAtTheEndOfALineAndABlankLineEndsTheDefinition() {
        List<ConfigLine> lines = text("""
                $ML= \\
                 ml1 \\
                 ml2
                pre $ML
                pre $ML post
                $M=m1 \\

                m2
                $M
                """);
        assertThat(words(lines)).containsExactly("pre ml1", "ml2", "pre $ML post", "m2", "m1");
        assertThat(diagnostics.all()).isEmpty();
    }

    @Test
    void conditionDroppingAMultiLineDefinitionDropsItsContinuationLines() {
        String conf = "@main $X= \\\n  a \\\n  b\n$X\nlast";
        assertThat(words(text(conf, "backup", 1))).containsExactly("$X", "last");
        assertThat(words(text(conf, "main", 1))).containsExactly("a", "b", "last");
    }

    // ---- predefined parameters ----------------------------------------------------------------------------------

    @Test
    void predefinedParameters() {
        List<ConfigLine> lines = text("""
                id ${_INSTANCE} $_INSTANCE
                pwd ${_PWD}
                literal a${_HASH}b ${_BANG} "${_HASH}"
                env ${_ENV HOME} "${_ENV SITE}" x${_ENV NOPE}y
                """);
        assertThat(words(lines)).containsExactly("id node1 node1", "pwd /etc/keepalived", "literal a#b ! #",
                "env /root ams 1 xy");
        assertThat(placed(lines.get(2))).containsExactly("literal@3:1", "a#b@3:9", "!@3:20", "#@3:29");
        assertThat(problems()).containsExactly(
                "main.conf:4:34: warning: environment variable NOPE is not set: ${_ENV NOPE} is empty");
    }

    @Test
    void predefinedParametersCanBeOverridden() {
        assertThat(words(text("$_INSTANCE=mine\nid ${_INSTANCE}"))).containsExactly("id mine");
    }

    @Test
    void envWithoutNameIsAnError() {
        assertThat(words(text("e ${_ENV}"))).containsExactly("e $ { _ENV }");
        assertThat(problems()).containsExactly("main.conf:1:3: error: ${_ENV}: expected the name of one"
                + " environment variable, as in ${_ENV HOME}");
    }

    @Test
    void randomIsInRangeAndRepeatableWithTheSeed() {
        String conf = "~SEQ(I, 1, 300) r ${_RANDOM 5 7} ${_RANDOM} ${_RANDOM 32760}";
        List<String> first = words(text(conf, "n", 42));
        assertThat(first).hasSize(300);
        Set<String> small = new HashSet<>();
        for (String line : first) {
            String[] w = line.split(" ");
            small.add(w[1]);
            assertThat(Long.parseLong(w[1])).isBetween(5L, 7L);
            assertThat(Long.parseLong(w[2])).isBetween(0L, 32767L);
            assertThat(Long.parseLong(w[3])).isBetween(32760L, 32767L);
        }
        assertThat(small).containsExactlyInAnyOrder("5", "6", "7");
        assertThat(words(text(conf, "n", 42))).isEqualTo(first);
        assertThat(words(text(conf, "n", 43))).isNotEqualTo(first);
        assertThat(diagnostics.all()).isEmpty();
    }

    @Test
    void randomArgumentsAreChecked() {
        List<ConfigLine> lines = text("a ${_RANDOM 7 5}\nb ${_RANDOM 3 3 }\nc ${_RANDOM 4 4 9}");
        assertThat(words(lines)).containsExactly("a $ { _RANDOM 7 5 }", "b $ { _RANDOM 3 3 }", "c 4");
        assertThat(problems()).containsExactly(
                "main.conf:1:3: error: ${_RANDOM 7 5}: expected MIN <= MAX, got 7 > 5",
                "main.conf:3:3: warning: ${_RANDOM 4 4 9}: expected at most MIN and MAX; the other 1 number(s)"
                        + " are ignored");
    }

    // ---- generators ---------------------------------------------------------------------------------------------

    @Test
    void sequenceRepeatsTheRestOfTheLine() {
        List<ConfigLine> lines = text("~SEQ(SUBNET, 0, 3) ip_address 10.0.${SUBNET}.1");
        assertThat(words(lines)).containsExactly("ip_address 10.0.0.1", "ip_address 10.0.1.1",
                "ip_address 10.0.2.1", "ip_address 10.0.3.1");
        assertThat(placed(lines.get(2))).containsExactly("ip_address@1:20", "10.0.2.1@1:31");
    }

    @Test
    void sequenceArities() {
        assertThat(words(text("~SEQ(I,3) a$I"))).containsExactly("a1", "a2", "a3");
        assertThat(words(text("~SEQ(I,-2) b$I"))).containsExactly("b-1", "b-2");
        assertThat(words(text("~SEQ(I,0) c$I"))).containsExactly("c1", "c0");
        assertThat(words(text("~SEQ(I,5,3) d$I"))).containsExactly("d5", "d4", "d3");
        assertThat(words(text("~SEQ (I , 1 ,7, 20) e$I"))).containsExactly("e1", "e8", "e15");
        assertThat(words(text("~SEQ(I, 010, 0x0a) f$I"))).containsExactly("f8", "f9", "f10");
        assertThat(words(text("$MAX=3\n~SEQ(I, 1, $MAX) g${I}"))).containsExactly("g1", "g2", "g3");
        assertThat(words(text("~SEQ(S,1,2)"))).isEmpty();
        assertThat(diagnostics.all()).isEmpty();
    }

    @Test
    void hexSequence() {
        assertThat(words(text("~SEQx(SUBNET, 0x90, 0x10, 0xc0) ip_address fe80::20:${SUBNET}:1")))
                .containsExactly("ip_address fe80::20:90:1", "ip_address fe80::20:a0:1", "ip_address fe80::20:b0:1",
                        "ip_address fe80::20:c0:1");
        assertThat(words(text("~SEQx(AD2, 0x90, 0x10, 0xa0) ~SEQx(AD1, 0x12, -1, 0x11) fe81::10:${AD2}:${AD1}")))
                .containsExactly("fe81::10:90:12", "fe81::10:90:11", "fe81::10:a0:12", "fe81::10:a0:11");
    }

    @Test
    void badSequencesAreErrorsAndTheLineIsDropped() {
        List<ConfigLine> lines = text("""
                ~SEQ(I,1,0,3) zero
                ~SEQ(I) none
                ~SEQx(I,-1,1) neg
                ~SEQ I,1) open
                ~SEQ(1a,3) name
                ~SEQ(I,a,3) nan
                ~SEQ(I,1,2,3,4) many
                ~SEQ(I,1,3 close
                ~SEQ(I,1,999999999999) huge
                ok
                """);
        assertThat(words(lines)).containsExactly("ok");
        String usage = ", as in ~SEQ(var, start, step, end)";
        assertThat(problems()).containsExactly(
                "main.conf:1:8: error: ~SEQ: expected a non-zero step going from start towards end, got start 1,"
                        + " step 0, end 3",
                "main.conf:2:7: error: ~SEQ: expected ',' and then [start, [step,]] end after the variable" + usage,
                "main.conf:3:9: error: ~SEQx: expected non-negative start and end, got -1 and 1",
                "main.conf:4:6: error: ~SEQ: expected '(' after ~SEQ" + usage,
                "main.conf:5:6: error: ~SEQ: expected a variable name (letters, digits, _) after '(', got '1a'"
                        + usage,
                "main.conf:6:8: error: ~SEQ: expected a number, got 'a'" + usage,
                "main.conf:7:8: error: ~SEQ: expected at most 3 numbers (start, step, end), got 4",
                "main.conf:8:17: error: ~SEQ: expected ')' after the numbers" + usage,
                "main.conf:9:8: error: ~SEQ would make 999999999999 values: expected at most 1000000");
    }

    @Test
    void listsSingleAndMultiVariable() {
        assertThat(words(text("~LST(V, a, b) lst${V}"))).containsExactly("lsta", "lstb");
        assertThat(words(text("~LST({IP, IP1}, {10,1},{20,4},{5,6},{12,8}) 192.168.${IP}.${IP1}")))
                .containsExactly("192.168.10.1", "192.168.20.4", "192.168.5.6", "192.168.12.8");
        assertThat(words(text("~LST(L,) e${L}-"))).containsExactly("e-");
        assertThat(diagnostics.all()).isEmpty();
    }

    @Test
    void listsNestAndCombineWithSequences() {
        assertThat(words(text("~LST(IP, 1, 2) ~LST(IP1, 5,6,7) 192.169.${IP}.${IP1}"))).containsExactly(
                "192.169.1.5", "192.169.1.6", "192.169.1.7", "192.169.2.5", "192.169.2.6", "192.169.2.7");
        assertThat(words(text("~LST({IP, IP1}, {10,1},{20,4}) ~SEQ(IP2,168,2,172) 192.${IP2}.${IP}.${IP1}")))
                .containsExactly("192.168.10.1", "192.170.10.1", "192.172.10.1", "192.168.20.4", "192.170.20.4",
                        "192.172.20.4");
    }

    @Test
    void generatedLinesGoThroughConditionsDefinitionsAndParameters() {
        List<ConfigLine> lines = text("""
                ~LST(K,a,b) @node1 cond${K}
                ~LST(K,a,b) @other never${K}
                ~LST(K,a,b) $Z${K}=z${K}
                got ${Za} ${Zb}
                $G=~SEQ(I,1,2) g${I}
                $G
                """);
        assertThat(words(lines)).containsExactly("conda", "condb", "got za zb", "g1", "g2");
        assertThat(diagnostics.all()).isEmpty();
    }

    @Test
    void badListsAreErrors() {
        List<ConfigLine> lines = text("""
                ~LST(L, a , b c ,d) x
                ~LST(L3) none
                ~LST({V,W},{1,2},{3}) bad
                ~LST({V,1},{1,2}) badname
                ok
                """);
        assertThat(words(lines)).containsExactly("ok");
        String usage = ", as in ~LST(var, value1, value2) or ~LST({var1, var2}, {1, 2}, {3, 4})";
        assertThat(problems()).containsExactly(
                "main.conf:1:6: error: ~LST: expected a value without white space, quotes or braces, got 'b c'"
                        + usage,
                "main.conf:2:6: error: ~LST: expected ',' and at least one value after the variable" + usage,
                "main.conf:3:6: error: ~LST: expected 2 values in each group, got 1 in {3}" + usage,
                "main.conf:4:6: error: ~LST: expected a variable name (letters, digits, _), got '1'" + usage);
    }

    @Test
    void generatorsStopAtTheLineBudget() {
        long start = System.nanoTime();
        List<ConfigLine> lines = text("~SEQ(A,1,1000) ~SEQ(B,1,1001) x");
        assertThat(lines.size()).isLessThan(1_000_000);
        assertThat(problems()).containsExactly("main.conf:1:16: error: generators and multi-line parameters made"
                + " more than 1000000 lines or 67108864 characters: expected smaller ~SEQ/~LST ranges; the rest is"
                + " dropped");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(20_000);
    }

    @Test
    void generatorsStopAtTheCharacterBudget() {
        List<ConfigLine> lines = text("~SEQ(A,1,2000) " + "x".repeat(40_000) + "\nnext");
        assertThat(lines).hasSize(1677 + 1);
        assertThat(words(lines).getLast()).isEqualTo("next");
        assertThat(problems()).containsExactly("main.conf:1:1: error: generators and multi-line parameters made"
                + " more than 1000000 lines or 67108864 characters: expected smaller ~SEQ/~LST ranges; the rest is"
                + " dropped");
    }

    @Test
    void includesInAGeneratorAreBounded() throws Exception {
        write("a.conf", "a");
        Path main = write("main.conf", "~SEQ(I, 1, 10002) include a.conf\nend");
        List<ConfigLine> lines = load(main);
        assertThat(lines).hasSize(10_001);
        assertThat(problems()).containsExactly(main + ":1:27: error: more than 10000 included files read:"
                + " expected fewer includes (in a generator?); further includes are skipped");
    }

    // ---- includes -----------------------------------------------------------------------------------------------

    @Test
    void relativeIncludesResolveAgainstTheIncludingFile() throws Exception {
        Path main = write("keepalived.conf", "before\ninclude conf.d/vrrp.conf\nafter ${_PWD}\n");
        write("conf.d/vrrp.conf", "vrrp_line\n  include sub/x.conf\n");
        write("conf.d/sub/x.conf", "x_line ${_PWD}\n");
        List<ConfigLine> lines = load(main);
        assertThat(words(lines)).containsExactly("before", "vrrp_line", "x_line " + dir.resolve("conf.d/sub"),
                "after " + dir);
        assertThat(lines).extracting(l -> l.first().pos().toString()).containsExactly(main + ":1:1",
                dir.resolve("conf.d/vrrp.conf") + ":1:1", dir.resolve("conf.d/sub/x.conf") + ":1:1", main + ":3:1");
        assertThat(diagnostics.all()).isEmpty();
    }

    @Test
    void globAndBraceOrdering() throws Exception {
        for (String n : List.of("a1", "a2", "z1", "z2", ".zhidden")) {
            write("conf.d/" + n + ".conf", n);
        }
        Path main = write("main.conf", """
                include conf.d/{z*,a*}.conf
                include conf.d/{a{2,1},z1}.conf
                include conf.d/[az]?.conf
                include conf.d/[^a]*.conf
                """);
        assertThat(words(load(main))).containsExactly("z1", "z2", "a1", "a2", "a2", "a1", "z1", "a1", "a2", "z1",
                "z2", "z1", "z2");
        assertThat(diagnostics.all()).isEmpty();
    }

    @Test
    void includeVariantsReportWhatTheyCheck() throws Exception {
        write("conf.d/a1.conf", "a1");
        Files.createDirectories(dir.resolve("conf.d/dir.conf"));
        Path main = write("main.conf", """
                include missing.conf
                include nomatch*.conf
                includem missing.conf
                includem nomatch*.conf
                includew nomatch*.conf
                includeb conf.d/{a1,zz}.conf
                include conf.d/{a1,zz}.conf
                includer conf.d/dir.conf
                include conf.d/*.conf
                includea conf.d/{zz,yy}.conf
                """);
        List<ConfigLine> lines = load(main);
        assertThat(words(lines)).containsExactly("a1", "a1", "a1");
        String d = dir.resolve("conf.d").toString();
        assertThat(problems()).containsExactly(
                main + ":1:9: warning: include: no file matches 'missing.conf'; ignored (includem makes this an"
                        + " error)",
                main + ":3:10: error: includem: no file matches 'missing.conf': expected an existing file",
                main + ":5:10: error: includew: no file matches 'nomatch*.conf': expected at least one file",
                main + ":6:10: error: includeb: no file matches 'conf.d/zz.conf' of 'conf.d/{a1,zz}.conf':"
                        + " expected every brace alternative to match",
                main + ":7:9: warning: include: no file matches 'conf.d/zz.conf' of 'conf.d/{a1,zz}.conf';"
                        + " ignored (includeb makes this an error)",
                main + ":8:10: error: includer: '" + d + "/dir.conf' is a directory, not a configuration file;"
                        + " skipped",
                main + ":9:9: warning: include: '" + d + "/dir.conf' is a directory, not a configuration file;"
                        + " skipped",
                main + ":10:10: error: includea: no file matches 'conf.d/{zz,yy}.conf': expected an existing file");
    }

    @Test
    void unreadableAndFailingIncludesAreDiagnosedAtTheIncludeLine() throws Exception {
        FakeFiles files = new FakeFiles();
        files.add("/c/main.conf", "includer locked.conf\ninclude locked.conf\nincluder broken.conf\n"
                + "include broken.conf\nend");
        files.add("/c/locked.conf", "secret");
        files.unreadable.add("/c/locked.conf");
        files.add("/c/broken.conf", "x");
        files.failing.add("/c/broken.conf");
        assertThat(words(load(files, Path.of("/c/main.conf")))).containsExactly("end");
        assertThat(problems()).containsExactly(
                "/c/main.conf:1:10: error: includer: '/c/locked.conf' is not a readable file; skipped",
                "/c/main.conf:2:9: warning: include: '/c/locked.conf' is not a readable file; skipped",
                "/c/main.conf:3:10: error: cannot read included file '/c/broken.conf': disk on fire",
                "/c/main.conf:4:9: warning: cannot read included file '/c/broken.conf': disk on fire; skipped");
    }

    @Test
    void includeCyclesAreErrorsAndNotFollowed() throws Exception {
        Path main = write("main.conf", "m\ninclude a.conf\nm2");
        write("a.conf", "a\ninclude b.conf");
        write("b.conf", "b\ninclude a.conf\ninclude ../" + dir.getFileName() + "/main.conf");
        assertThat(words(load(main))).containsExactly("m", "a", "b", "m2");
        Path a = dir.resolve("a.conf");
        Path b = dir.resolve("b.conf");
        assertThat(problems()).containsExactly(
                b + ":2:9: error: include cycle: " + main + " -> " + a + " -> " + b + " -> " + a
                        + "; not followed: expected a file not to include itself",
                b + ":3:9: error: include cycle: " + main + " -> " + a + " -> " + b + " -> "
                        + dir.resolve("../" + dir.getFileName() + "/main.conf")
                        + "; not followed: expected a file not to include itself");
    }

    @Test
    void includeDepthIsLimited() throws Exception {
        for (int i = 0; i < 70; i++) {
            write("f" + i + ".conf", "l" + i + "\ninclude f" + (i + 1) + ".conf\n");
        }
        List<ConfigLine> lines = load(dir.resolve("f0.conf"));
        assertThat(lines).hasSize(64);
        assertThat(words(lines).getLast()).isEqualTo("l63");
        assertThat(problems()).containsExactly(dir.resolve("f63.conf") + ":2:9: error: includes nested more than"
                + " 64 deep at " + dir.resolve("f64.conf") + ": expected a shallower include structure");
    }

    @Test
    void includeLinesAreConditionedSubstitutedAndGenerated() throws Exception {
        write("a1.conf", "a1 ${_PWD}");
        write("a2.conf", "a2");
        write("sp ace.conf", "spaced");
        Path main = write("main.conf", """
                @node1 include a1.conf
                @other include a2.conf
                $F=a2.conf
                include $F
                ~LST(N, 1, 2) include a${N}.conf
                include "sp ace.conf"
                include a1.conf a2.conf
                include
                "include" a1.conf
                """);
        assertThat(words(load(main))).containsExactly("a1 " + dir, "a2", "a1 " + dir, "a2", "spaced",
                "include a1.conf");
        assertThat(problems()).containsExactly(
                main + ":7:1: error: include: expected exactly one file pattern after 'include', got 2 words"
                        + " (quote a name with spaces)",
                main + ":8:1: error: include: expected exactly one file pattern after 'include', got 0 words"
                        + " (quote a name with spaces)");
    }

    @Test
    void includedBinaryFileIsReportedInThatFile() throws Exception {
        Files.write(dir.resolve("bin.conf"), new byte[] {'x', 0});
        Path main = write("main.conf", "include bin.conf\nok");
        assertThat(words(load(main))).containsExactly("ok");
        assertThat(problems()).containsExactly(
                dir.resolve("bin.conf") + ":1:2: error: binary file (NUL byte at offset 1); not a configuration");
    }

    @Test
    void unreadableMainFileThrows() throws Exception {
        assertThatThrownBy(() -> load(dir.resolve("nope.conf"))).isInstanceOf(ConfigReadException.class)
                .hasMessage("cannot read configuration file " + dir.resolve("nope.conf") + ": no such file");
        assertThatThrownBy(() -> load(dir)).isInstanceOf(ConfigReadException.class)
                .hasMessage("cannot read configuration file " + dir + ": is a directory");
    }

    // ---- robustness ---------------------------------------------------------------------------------------------

    @Test
    void arbitraryInputNeverThrows() {
        String[] pieces = {"$", "{", "}", "$A", "${A}", "$A=", "$B=$A$A", "\\", "\"", "'", "#", "!", "@", "@^",
            "@node1 ", "~SEQ(", "~SEQx(", "~LST(", "{a,b}", ")", ",", " ", "\t", "\n", "\r", "\u3000", "x", "1",
            "-5", "0x", "include ", "includea ", "*", "?", "[", "${_RANDOM ", "${_ENV ", "${_PWD}", "\\x",
            "\\c", "\\0", "\uD83D", "\uDE00", "\u00e9", "$A= \\\n", "~SEQ(I,1,3) ", "~LST({V,W},{1,2}) "};
        Random random = new Random(7);
        for (int round = 0; round < 3_000; round++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(40);
            for (int i = 0; i < n; i++) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            Diagnostics d = new Diagnostics();
            new Preprocessor(FileAccess.none(), PreprocessOptions.of("node1", Map.of()), d)
                    .loadText("fuzz", BASE, sb.toString());
            assertThat(d.all()).as(sb.toString()).noneMatch(p -> p.message().startsWith("internal"));
        }
    }

    /** An in-memory file system with unreadable and failing files. */
    private static final class FakeFiles implements FileAccess {
        final Map<String, byte[]> contents = new HashMap<>();
        final Set<String> unreadable = new HashSet<>();
        final Set<String> failing = new HashSet<>();

        void add(String path, String text) {
            contents.put(path, text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public byte[] read(Path path) throws IOException {
            String p = path.toString();
            if (failing.contains(p)) {
                throw new IOException("disk on fire");
            }
            if (!contents.containsKey(p) || unreadable.contains(p)) {
                throw new NoSuchFileException(p);
            }
            return contents.get(p);
        }

        @Override
        public List<String> list(Path directory) {
            List<String> names = new ArrayList<>();
            for (String p : contents.keySet()) {
                Path path = Path.of(p);
                if (directory.equals(path.getParent())) {
                    names.add(path.getFileName().toString());
                }
            }
            return names;
        }

        @Override
        public boolean isDirectory(Path path) {
            return false;
        }

        @Override
        public boolean isReadableFile(Path path) {
            return contents.containsKey(path.toString()) && !unreadable.contains(path.toString());
        }
    }
}
