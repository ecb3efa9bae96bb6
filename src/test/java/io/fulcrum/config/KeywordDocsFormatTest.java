package io.fulcrum.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The examples file's format and the reference's derivation of purpose and default from a keyword's help. */
class KeywordDocsFormatTest {

    @Test
    void readsSectionsContinuationsDefaultsWarningsAndPendingKeywords() {
        KeywordExamples e = KeywordExamples.parse("t.txt", """
                # comment
                [*]
                retry: retry 3

                [vrrp_instance]
                priority: priority 150
                authentication: authentication {
                        auth_type PASS
                    }
                vrf default: none
                vrf replaces: interface mcast_src_ip
                tls_compliant warning in HTTP_GET: only SSL_GET
                ?web_listen: web_listen 127.0.0.1 8080
                """);
        assertThat(e.example("vrrp_instance", "priority").orElseThrow().text()).isEqualTo("priority 150");
        assertThat(e.example("vrrp_instance", "authentication").orElseThrow().text())
                .isEqualTo("authentication {\n    auth_type PASS\n}");
        assertThat(e.example("HTTP_GET", "retry").orElseThrow().block()).isEqualTo(KeywordExamples.ANY_BLOCK);
        assertThat(e.example("HTTP_GET", "priority")).isEmpty();
        assertThat(e.defaultValue("vrrp_instance", "vrf")).contains("none");
        assertThat(e.replaces("vrrp_instance", "vrf")).containsExactly("interface", "mcast_src_ip");
        assertThat(e.warnings("vrrp_instance", "tls_compliant"))
                .containsExactly(new KeywordExamples.Warning("only SSL_GET", "HTTP_GET"));
        KeywordExamples.Example pending = e.example("vrrp_instance", "web_listen").orElseThrow();
        assertThat(pending.pending()).isTrue();
        assertThat(pending.line()).isEqualTo(13);
    }

    @Test
    void malformedLinesAreRefusedWithTheirPlace() {
        assertThatThrownBy(() -> KeywordExamples.parse("t.txt", "priority: priority 1\n"))
                .hasMessageStartingWith("t.txt:1: expected '[BLOCK]'");
        assertThatThrownBy(() -> KeywordExamples.parse("t.txt", "[a]\nx: x\nx: x 2\n"))
                .hasMessage("t.txt:3: second example for a x");
        assertThatThrownBy(() -> KeywordExamples.parse("t.txt", "[a]\nx warning at b: text\n"))
                .hasMessageStartingWith("t.txt:2: expected 'KEYWORD warning: TEXT'");
        assertThatThrownBy(() -> KeywordExamples.parse("t.txt", "[a]\nno colon here\n"))
                .hasMessageStartingWith("t.txt:2: expected");
    }

    @Test
    void theDefaultIsTheBracketEndingAClauseOfTheHelp() {
        assertThat(KeywordReference.purpose("Time between checks [the real server's, 60 s]."))
                .isEqualTo("Time between checks.");
        assertThat(KeywordReference.purpose("Write VALUE [0] to the file")).isEqualTo("Write VALUE [0] to the file");
        KeywordExamples none = KeywordExamples.parse("t.txt", "");
        assertThat(KeywordReference.defaultOf(keyword("delay_loop", "delay_loop SECONDS",
                "Time between checks [60 s].", KeywordStatus.SUPPORTED), none)).isEqualTo("60 s");
        assertThat(KeywordReference.defaultOf(keyword("alpha", "alpha [<BOOL>]", "Start down.",
                KeywordStatus.SUPPORTED), none)).isEqualTo("off");
        assertThat(KeywordReference.defaultOf(keyword("sorry_server", "sorry_server IP [PORT]", "Fallback.",
                KeywordStatus.SUPPORTED), none)).isEqualTo("none");
        assertThat(KeywordReference.defaultOf(keyword("snmp_socket", "snmp_socket S", "SNMP [x].",
                KeywordStatus.UNSUPPORTED), none)).isEqualTo("x");
        assertThat(KeywordReference.defaultOf(keyword("enable_traps", "enable_traps", "Traps.",
                KeywordStatus.UNSUPPORTED), none)).isEqualTo("not applicable");
        KeywordExamples given = KeywordExamples.parse("t.txt", "[b]\nsorry_server default: no sorry server\n");
        assertThat(KeywordReference.defaultOf(keyword("sorry_server", "sorry_server IP [PORT]", "Fallback [x].",
                KeywordStatus.SUPPORTED), given)).isEqualTo("no sorry server");
    }

    @Test
    void everyEntryHasTheSameShape() {
        String doc = KeywordReference.markdown(new KeywordRegistry());
        long entries = doc.lines().filter(l -> l.startsWith("<a id=\"kw-")).count();
        assertThat(entries).isEqualTo(new KeywordRegistry().allKeywords().size());
        for (String field : List.of("Syntax", "Purpose", "Block", "Arguments", "Default", "Status", "keepalived",
                "Example")) {
            assertThat(doc.lines().filter(l -> l.startsWith("- **" + field + ":**")).count()).as(field)
                    .isEqualTo(entries);
        }
        assertThat(doc).doesNotContain("(no example)");
    }

    private static Keyword<Object> keyword(String name, String syntax, String help, KeywordStatus status) {
        return new Keyword<>(name, "b", syntax, help, status, "", false, false, (a, t) -> { }, Optional.empty());
    }
}
