package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.bench.ConfigGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built jar, run as a process on good and bad configurations: every outcome is an exit code and diagnostics,
 * never a stack trace or a hang.
 */
class CheckConfigIT {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run fulcrum(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", System.getProperty("fulcrum.jar", "target/fulcrum.jar")));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("fulcrum-out", ".txt");
        Path err = Files.createTempFile("fulcrum-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("fulcrum " + String.join(" ", args) + " did not finish in "
                        + timeoutSeconds + " s");
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Every stderr line is a diagnostic, the summary, or the read error: nothing else (no stack trace). */
    static void onlyDiagnostics(Run r) {
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        for (String line : r.err().lines().toList()) {
            assertThat(line).matches("(.+:\\d+:\\d+: (error|warning): .+)|(.+: \\d+ errors?, \\d+ warnings?)"
                    + "|(fulcrum check-config: cannot read configuration: .+)|(\\.\\.\\. and \\d+ more problems not shown)");
        }
    }

    static Stream<Path> seeds() throws IOException {
        return Files.list(Path.of(System.getProperty("fulcrum.home", "."), "src/test/resources/seeds")).sorted();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void seedConfigsGiveDiagnosticsOnly(Path seed) throws Exception {
        Run r = fulcrum(60, "check-config", "-f", seed.toString());
        assertThat(r.code()).isIn(0, 4);
        onlyDiagnostics(r);
    }

    @Test
    void missingFileOrDirectoryExitsThree() throws Exception {
        Run missing = fulcrum(60, "check-config", "-f", dir.resolve("nope.conf").toString());
        assertThat(missing.code()).isEqualTo(3);
        onlyDiagnostics(missing);
        Run directory = fulcrum(60, "check-config", "-f", dir.toString());
        assertThat(directory.code()).isEqualTo(3);
        onlyDiagnostics(directory);
    }

    @Test
    void binaryFileIsRefused() throws Exception {
        byte[] junk = new byte[4096];
        new Random(42).nextBytes(junk);
        junk[100] = 0;
        Path f = dir.resolve("binary.conf");
        Files.write(f, junk);
        Run r = fulcrum(60, "check-config", "-f", f.toString());
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).contains("binary file");
        onlyDiagnostics(r);
    }

    @Test
    void unterminatedQuoteAndBlock() throws Exception {
        Path f = dir.resolve("broken.conf");
        Files.writeString(f, "vrrp_script s {\n    script \"/bin/true\n");
        Run r = fulcrum(60, "check-config", "-f", f.toString());
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).contains(f + ":2:12: error: unterminated").contains(f + ":1:1: error: block 'vrrp_script'");
        onlyDiagnostics(r);
    }

    @Test
    void includeCycleIsReported() throws Exception {
        Files.writeString(dir.resolve("a.conf"), "include b.conf\n");
        Files.writeString(dir.resolve("b.conf"), "include a.conf\n");
        Run r = fulcrum(60, "check-config", "-f", dir.resolve("a.conf").toString());
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).containsIgnoringCase("cycle");
        onlyDiagnostics(r);
    }

    @Test
    void tenMegabyteLine() throws Exception {
        Path f = dir.resolve("long.conf");
        Files.writeString(f, "global_defs {\n    router_id " + "x".repeat(10 * 1024 * 1024) + "\n}\n",
                StandardCharsets.UTF_8);
        Run r = fulcrum(60, "check-config", "-f", f.toString());
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).contains(f + ":2:").contains("line too long");
        onlyDiagnostics(r);
    }

    @Test
    void millionLineConfig() throws Exception {
        Path f = dir.resolve("big.conf");
        Files.writeString(f, ConfigGenerator.generate(10_000, 9));
        assertThat(Files.lines(f).count()).isGreaterThan(1_000_000);
        Run r = fulcrum(120, "check-config", "-f", f.toString());
        assertThat(r.code()).isZero();
        onlyDiagnostics(r);
    }
}
