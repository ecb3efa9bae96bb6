package io.fulcrum.config;

import static io.fulcrum.config.LvsFixtures.config;
import static io.fulcrum.config.LvsFixtures.load;
import static io.fulcrum.config.LvsFixtures.problems;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.model.KeepalivedConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The golden LVS configuration (every keyword Fulcrum models) and its canonical dump: dumping, reading the dump
 * and dumping again gives the same text and an equal model.
 */
class LvsGoldenDumpTest {

    private static final List<String> LVS_BLOCKS = List.of("SSL", "virtual_server_group", "virtual_server",
            "real_server", "HTTP_GET", "SSL_GET", "url", "TCP_CHECK", "SMTP_CHECK", "host", "DNS_CHECK", "UDP_CHECK",
            "PING_CHECK", "MISC_CHECK", "FILE_CHECK");

    private static String resource(String name) throws IOException {
        try (InputStream in = LvsGoldenDumpTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void goldenConfigReportsExactlyItsDeprecationsAndDumpsToTheGoldenText() throws IOException {
        LoadResult r = load(resource("/golden/lvs-full.conf"));
        assertThat(problems(r)).containsExactly(
                "warning 143:13 nb_get_retry is deprecated - please use 'retry'",
                "warning 167:5 lb_kind is deprecated - please use 'lvs_method'",
                "warning 185:5 lb_algo is deprecated - please use 'lvs_sched'",
                "warning 191:13 The SMTP_CHECK host block is deprecated. Please define additional checkers.",
                "warning 195:13 The SMTP_CHECK host block is deprecated. Please define additional checkers.",
                "warning 132:13 track_file weights not found",
                "warning 178:13 track_file weights not found",
                "warning 183:1 Warning - quorum 1 for [WEB]:0 exceeds total weight of real servers 0, reducing"
                        + " quorum to 0");
        assertThat(ConfigDumper.dump(config(r))).isEqualTo(resource("/golden/lvs-full.dump"));
    }

    @Test
    void dumpReadDumpIsStable() throws IOException {
        KeepalivedConfig first = config(load(resource("/golden/lvs-full.conf")));
        String dump = ConfigDumper.dump(first);
        LoadResult again = load(dump);
        // what remains are facts of the configuration itself, not of how it was written
        assertThat(problems(again)).allMatch(p -> p.contains("track_file weights not found")
                || p.contains("reducing quorum to 0")).hasSize(3);
        assertThat(config(again)).isEqualTo(first);
        assertThat(ConfigDumper.dump(config(again))).isEqualTo(dump);
    }

    @Test
    void goldenConfigUsesEveryLvsKeywordAndTheDumpWritesEverySupportedOne() throws IOException {
        Set<String> confWords = words(resource("/golden/lvs-full.conf"));
        Set<String> dumpWords = words(resource("/golden/lvs-full.dump"));
        List<Keyword<?>> lvs = new KeywordRegistry().allKeywords().stream()
                .filter(k -> LVS_BLOCKS.contains(k.block()) || k.block().equals(KeywordRegistry.ROOT)
                        && LVS_BLOCKS.contains(k.name()))
                .filter(k -> !k.name().startsWith("<"))
                .toList();
        assertThat(lvs).hasSizeGreaterThan(100);
        for (Keyword<?> k : lvs) {
            switch (k.status()) {
                case SUPPORTED -> {
                    assertThat(confWords).as("golden config uses %s in %s", k.name(), k.block()).contains(k.name());
                    if (!k.name().equals("host")) { // SMTP host blocks are written as separate SMTP_CHECKs
                        assertThat(dumpWords).as("dump writes %s in %s", k.name(), k.block()).contains(k.name());
                    }
                }
                case DEPRECATED -> {
                    assertThat(confWords).as("golden config uses %s", k.name()).contains(k.name());
                    assertThat(dumpWords).as("dump uses the current name of %s", k.name()).doesNotContain(k.name());
                }
                case UNSUPPORTED, REMOVED -> assertThat(dumpWords).doesNotContain(k.name());
            }
        }
    }

    private static Set<String> words(String text) {
        Set<String> out = new HashSet<>();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            out.addAll(Arrays.asList((hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+")));
        }
        return out;
    }
}
