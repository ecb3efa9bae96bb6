package io.fulcrum.config;

import static io.fulcrum.config.VrrpTestSupport.load;
import static io.fulcrum.config.VrrpTestSupport.problems;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.model.KeepalivedConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dump is canonical keepalived syntax: every modelled keyword with its effective value; reading it back gives
 * an equal model and dumping that gives the same text.
 */
class VrrpDumpRoundTripTest {

    static String resource(String name) throws IOException {
        try (InputStream in = VrrpDumpRoundTripTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theFullGoldenConfigDumpsToItsExpectedText() throws IOException {
        String text = resource("/golden/vrrp-full.conf");
        LoadResult r = load(text);
        assertThat(problems(r)).containsExactly(
                "114:1: warning: 'vrrp_track_file' is deprecated - please use 'track_file'");
        KeepalivedConfig model = r.config().orElseThrow();
        String dump = ConfigDumper.dump(model);
        assertThat(dump).isEqualTo(resource("/golden/vrrp-full.expected.conf"));

        LoadResult again = load(dump);
        assertThat(problems(again)).isEmpty();
        assertThat(again.config()).contains(model);
        assertThat(ConfigDumper.dump(again.config().orElseThrow())).isEqualTo(dump);
    }

    @Test
    void theGoldenConfigExercisesEveryModelledPart() throws IOException {
        KeepalivedConfig c = load(resource("/golden/vrrp-full.conf")).config().orElseThrow();
        assertThat(c.linkbeatInterfaces()).hasSize(2);
        assertThat(c.interfaceUpDownDelays()).hasSize(2);
        assertThat(c.trackGroups()).hasSize(1);
        assertThat(c.staticAddresses()).hasSize(4);
        assertThat(c.staticRoutes()).hasSize(6);
        assertThat(c.staticRules()).hasSize(5);
        assertThat(c.trackFiles()).hasSize(2);
        assertThat(c.trackProcesses()).hasSize(2);
        assertThat(c.bfdInstances()).hasSize(2);
        assertThat(c.vrrpScripts()).hasSize(2);
        assertThat(c.garpGroups()).hasSize(2);
        assertThat(c.syncGroups()).hasSize(1);
        assertThat(c.vrrpInstances()).hasSize(4);
        assertThat(c.globalDefs().lvs().syncDaemon()).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "global_defs {\nvrrp_strict\n}\nvrrp_instance V {\ninterface eth0\nvirtual_router_id 9\n"
            + "virtual_ipaddress {\n10.0.0.1\n}\n}\n",
        "vrrp_instance V {\ninterface eth0\nvirtual_router_id 9\nstate MASTER\nnopreempt\nadvert_int 1.6\n"
            + "authentication {\nauth_type PASS\nauth_pass 0123456789\n}\nvirtual_ipaddress {\n10.0.0.1\n}\n}\n",
        "vrrp_instance V {\ninterface eth0\nvirtual_router_id 9\nvirtual_ipaddress {\nfe80::1\n2001:db8::1/64\n}\n"
            + "advert_int 0.015\n}\n",
        "vrrp_script S {\nscript /bin/true\nweight 5 reverse\n}\nvrrp_instance V {\ninterface eth0\n"
            + "virtual_router_id 9\nvirtual_ipaddress {\n10.0.0.1\n}\ntrack_script {\nS weight 5 noreverse\n}\n}\n",
        "static_ipaddress {\n10.0.0.1/24 brd +\n}\nstatic_rules {\ninet6 preference 3 table 4\n}\n"
            + "static_routes {\ninet6 default dev eth0\n}\n"
    })
    void dumpingIsStable(String text) {
        KeepalivedConfig first = load(text).config().orElseThrow();
        String dump = ConfigDumper.dump(first);
        LoadResult again = load(dump);
        assertThat(again.config()).contains(first);
        assertThat(ConfigDumper.dump(again.config().orElseThrow())).isEqualTo(dump);
        assertThat(again.problems()).as("a dump reads back cleanly: %s", dump).isEmpty();
    }

    @Test
    void everyRegisteredVrrpSideKeywordHasSyntaxAndHelp() {
        List<Keyword<?>> all = new KeywordRegistry().allKeywords();
        assertThat(all).isNotEmpty();
        for (Keyword<?> k : all) {
            assertThat(k.syntax()).as(k.block() + "/" + k.name()).isNotBlank();
            assertThat(k.help()).as(k.block() + "/" + k.name()).isNotBlank();
        }
    }
}
