package io.fulcrum.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The director configurations of the five seed tutorials, read as a user's file: every problem asserted one by one
 * (keepalived 2.2.7's own verdict on each file is noted), and the canonical dump compared with a reviewed golden
 * text. The models are asserted in VrrpSeedConfigsTest and LvsSeedsTest.
 */
class SeedConfigTest {

    private static final Path SEEDS = Path.of("src/test/resources/seeds");

    private static final String NOPREEMPT_MASTER =
            "warning 7:3 (VI_1) Warning - nopreempt will not work with initial state MASTER - clearing";
    private static final String IDEOGRAPHIC_34 =
            "warning 34:22 U+3000 IDEOGRAPHIC SPACE treated as white space (keepalived would not)";
    private static final String IDEOGRAPHIC_35 =
            "warning 35:35 U+3000 IDEOGRAPHIC SPACE treated as white space (keepalived would not)";
    private static final String NB_GET_RETRY_TCP =
            "unknown keyword 'nb_get_retry': keepalived accepts it only in HTTP_GET and SSL_GET; did you mean 'retry'?";

    /** Expected problems per seed, in the order the reader finds them. */
    private static final Map<String, List<String>> EXPECTED = Map.of(
            // keepalived 2.2.7: Unknown keyword 'nat_mask'; nb_get_retry is deprecated (x2)
            "000-backup.conf", seed000(),
            "000-master.conf", seed000(),
            // keepalived 2.2.7: Unknown keyword 'nb_get_retry' (x2; TCP_CHECK)
            "001-backup.conf", seed001(),
            "001-master.conf", seed001(),
            // keepalived 2.2.7: invalid number '3　　　　　　' (retry and delay_before_retry lines)
            "002-backup.conf", List.of(IDEOGRAPHIC_34, IDEOGRAPHIC_35,
                    "warning 26:7 lb_algo is deprecated - please use 'lvs_sched'",
                    "warning 27:7 lb_kind is deprecated - please use 'lvs_method'"),
            "002-master.conf", List.of(IDEOGRAPHIC_34, IDEOGRAPHIC_35,
                    "warning 26:7 lb_algo is deprecated - please use 'lvs_sched'",
                    "warning 27:7 lb_kind is deprecated - please use 'lvs_method'", NOPREEMPT_MASTER),
            // keepalived 2.2.7: Unknown keyword 'lvs_id', 'persistence_time', 'connection_timeout' x2,
            // 'nb_get_retry' x2
            "003-backup.conf", seed003(),
            "003-master.conf", seed003(),
            // keepalived 2.2.7: Truncating auth_pass to 8 characters; nb_get_retry is deprecated
            "004-node1.conf", seed004(),
            "004-node2.conf", seed004());

    private static List<String> seed000() {
        return List.of("warning 31:5 lb_algo is deprecated - please use 'lvs_sched'",
                "warning 32:5 lb_kind is deprecated - please use 'lvs_method'",
                "error 33:5 unknown keyword 'nat_mask': keepalived removed it (IPVS NAT needs no mask); delete the line",
                "warning 44:13 nb_get_retry is deprecated - please use 'retry'",
                "warning 56:13 nb_get_retry is deprecated - please use 'retry'");
    }

    private static List<String> seed001() {
        return List.of("warning 22:5 lb_algo is deprecated - please use 'lvs_sched'",
                "warning 23:5 lb_kind is deprecated - please use 'lvs_method'",
                "error 30:13 " + NB_GET_RETRY_TCP,
                "error 39:13 " + NB_GET_RETRY_TCP);
    }

    private static List<String> seed003() {
        return List.of("error 3:2 unknown keyword 'lvs_id': lvs_id was replaced by router_id",
                "warning 24:2 lb_algo is deprecated - please use 'lvs_sched'",
                "warning 25:2 lb_kind is deprecated - please use 'lvs_method'",
                "error 26:2 unknown keyword 'persistence_time' in virtual_server; did you mean 'persistence_timeout'?",
                "error 33:2 unknown keyword 'connection_timeout' in TCP_CHECK; did you mean 'connect_timeout'?",
                "error 34:2 " + NB_GET_RETRY_TCP,
                "error 42:2 unknown keyword 'connection_timeout' in TCP_CHECK; did you mean 'connect_timeout'?",
                "error 43:2 " + NB_GET_RETRY_TCP);
    }

    private static List<String> seed004() {
        return List.of("warning 39:1 Truncating auth_pass to 8 characters",
                "warning 63:1 lb_algo is deprecated - please use 'lvs_sched'",
                "warning 65:1 lb_kind is deprecated - please use 'lvs_method'",
                "warning 89:1 nb_get_retry is deprecated - please use 'retry'");
    }

    private static LoadResult load(String name) {
        return new ConfigLoader(FileAccess.real(), PreprocessOptions.of("director", Map.of()))
                .load(SEEDS.resolve(name));
    }

    private static String brief(Problem p) {
        return p.severity().label() + " " + p.pos().line() + ":" + p.pos().column() + " " + p.message();
    }

    @ParameterizedTest
    @ValueSource(strings = {"000-backup.conf", "000-master.conf", "001-backup.conf", "001-master.conf",
        "002-backup.conf", "002-master.conf", "003-backup.conf", "003-master.conf", "004-node1.conf",
        "004-node2.conf"})
    void everyProblemOfEverySeed(String name) {
        LoadResult r = load(name);
        assertThat(r.problems()).allSatisfy(p -> assertThat(p.pos().file()).endsWith(name));
        assertThat(r.problems()).extracting(SeedConfigTest::brief).containsExactlyElementsOf(EXPECTED.get(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"000-master.conf", "001-master.conf", "002-master.conf", "003-master.conf",
        "004-node1.conf"})
    void dumpMatchesTheReviewedGoldenAndReadsBack(String name) throws IOException {
        String dump = ConfigDumper.dump(load(name).config().orElseThrow());
        Path golden = Path.of("src/test/resources/golden/seeds", name.replace(".conf", ".dump"));
        if (Boolean.getBoolean("fulcrum.updateGolden")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, dump);
        }
        assertThat(dump).isEqualTo(Files.readString(golden));
        LoadResult again = new ConfigLoader(FileAccess.none(), PreprocessOptions.of("director", Map.of()))
                .loadText("dump.conf", Path.of("/"), dump);
        assertThat(again.problems()).isEmpty();
        assertThat(again.config()).isEqualTo(load(name).config());
        assertThat(ConfigDumper.dump(again.config().orElseThrow())).isEqualTo(dump);
    }
}
