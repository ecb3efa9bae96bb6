package io.fulcrum.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.Map;

/**
 * Fuzzes the whole reader (decoding, lexer, preprocessor, tree, keyword registry) and the dump. Properties:
 * nothing but diagnostics comes out (no exception escapes), and a configuration read without errors dumps to
 * text that reads back without errors and dumps to the same text.
 *
 * Without JAZZER_FUZZ this runs the seed inputs under src/test/resources (regression mode); {@code bin/test}
 * fuzzes {@link #fuzzShort} for a minute and {@code bin/bench fuzz-config} fuzzes {@link #fuzzLong}.
 */
class ConfigFuzzTest {

    private static final String FILE = "/fuzz/keepalived.conf";

    @FuzzTest(maxDuration = "60s")
    void fuzzShort(byte[] data) {
        check(data);
    }

    @FuzzTest(maxDuration = "20m")
    void fuzzLong(byte[] data) {
        check(data);
    }

    static void check(byte[] data) {
        MemoryFiles files = new MemoryFiles().put(FILE, data).put("/fuzz/inc.conf", data);
        PreprocessOptions opts = PreprocessOptions.of("fuzz", Map.of("X", "1"));
        LoadResult r = new ConfigLoader(files, opts).load(Path.of(FILE));
        assertThat(r.config()).isPresent();
        if (!r.hasErrors()) {
            String dump = ConfigDumper.dump(r.config().get());
            LoadResult again = new ConfigLoader(FileAccess.none(), opts).loadText("dump.conf", Path.of("/"), dump);
            assertThat(again.errorCount()).as("dump reads back without errors:\n%s\n%s", dump, again.problems())
                    .isZero();
            assertThat(ConfigDumper.dump(again.config().get())).as("dump is stable").isEqualTo(dump);
        }
    }
}
