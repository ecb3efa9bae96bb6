package io.fulcrum.config;

import static io.fulcrum.config.VrrpTestSupport.config;
import static io.fulcrum.config.VrrpTestSupport.problems;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.WebSettings;
import org.junit.jupiter.api.Test;

/** web_listen and web_token, the status page's global_defs keywords. */
class GlobalDefsWebKeywordsTest {

    private static WebSettings web(String body) {
        return config("global_defs {\n" + body + "}\n").globalDefs().web();
    }

    @Test
    void offUnlessGiven() {
        assertThat(web("")).isEqualTo(WebSettings.none());
    }

    @Test
    void readsTheAddressPortAndToken() {
        WebSettings w = web("web_listen 127.0.0.1 8089\nweb_token 0123456789abcdef0123\n");
        assertThat(w.listen()).hasValue(new WebSettings.Listen(IpAddress.parse("127.0.0.1"), 8089));
        assertThat(w.token()).hasValue("0123456789abcdef0123");
        assertThat(web("web_listen ::1 9000\n").listen().orElseThrow().address()).isEqualTo(IpAddress.parse("::1"));
    }

    @Test
    void badValuesAreErrorsWithTheirPlace() {
        assertThat(problems("global_defs {\nweb_listen 127.0.0.1\n}\n")).singleElement().asString()
                .startsWith("2:").contains("web_listen").contains("expected an IP address and a port");
        assertThat(problems("global_defs {\nweb_listen localhost 80\n}\n")).singleElement().asString()
                .startsWith("2:").contains("invalid IP address 'localhost'");
        assertThat(problems("global_defs {\nweb_listen 127.0.0.1 70000\n}\n")).singleElement().asString()
                .startsWith("2:").contains("70000");
        assertThat(problems("global_defs {\nweb_token\n}\n")).singleElement().asString().startsWith("2:");
        assertThat(web("web_listen 127.0.0.1 0\n").listen()).isEmpty();
    }

    @Test
    void aShortTokenIsAWarningAndKept() {
        assertThat(problems("global_defs {\nweb_token abc\n}\n")).singleElement().asString()
                .contains("short");
        assertThat(web("web_token abc\n").token()).hasValue("abc");
    }

    @Test
    void theDumpWritesThemBack() {
        var cfg = config("global_defs {\nweb_listen 127.0.0.1 8089\nweb_token 0123456789abcdef\n}\n");
        String dump = ConfigDumper.dump(cfg);
        assertThat(dump).contains("web_listen 127.0.0.1 8089").contains("web_token 0123456789abcdef");
        assertThat(config(dump).globalDefs().web()).isEqualTo(cfg.globalDefs().web());
        assertThat(ConfigDumper.dump(config(""))).doesNotContain("web_");
    }
}
