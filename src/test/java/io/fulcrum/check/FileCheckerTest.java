package io.fulcrum.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.config.model.FileCheck;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.TrackFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCheckerTest {

    private static final ProbeResult FAULT = new ProbeResult.Failure(
            "([10.0.0.11]:tcp:80): tracked file flag now FAULT state");

    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    private Path file() {
        return dir.resolve("flag");
    }

    private FileChecker checker(String trackFileWeight, String fileCheckOptions) {
        KeepalivedConfig c = ConfigCheckFixtures.config("track_file flag {\n file " + file() + "\n" + trackFileWeight
                + "\n}\n", "FILE_CHECK {\n track_file flag\n" + fileCheckOptions + "\n}\n");
        TrackFile tf = c.trackFiles().getFirst();
        return new FileChecker(ConfigCheckFixtures.checker(c, FileCheck.class), ConfigCheckFixtures.target(c), tf, log::add);
    }

    private void write(String content) throws Exception {
        Files.writeString(file(), content);
    }

    @Test
    void aMissingOrZeroFileIsUpAndLinesNameTheTrackFile() throws Exception {
        FileChecker f = checker("", "");
        assertThat(f.probe()).isEqualTo(ProbeResult.Success.plain());
        write("0\n");
        assertThat(f.probe()).isEqualTo(ProbeResult.Success.plain());
        assertThat(f.kind()).isEqualTo("FILE_CHECK");
        assertThat(f.upLine()).isEqualTo("([10.0.0.11]:tcp:80): tracked file flag leaving FAULT state");
        assertThat(f.downLine(0, (ProbeResult.Failure) FAULT)).isEqualTo(((ProbeResult.Failure) FAULT).line());
    }

    @Test
    void aNegativeValueTakesItDownOnlyAtTheFaultValue() throws Exception {
        FileChecker f = checker("", "");
        write("-5");
        assertThat(f.probe()).isEqualTo(ProbeResult.Success.plain());
        write("-2147483647");
        assertThat(f.probe()).isEqualTo(FAULT);
        write("-2147483648");
        assertThat(f.probe()).isEqualTo(FAULT);
    }

    @Test
    void weightZeroMakesAnyNonZeroValueAFault() throws Exception {
        FileChecker f = checker("weight 0", "");
        write("3");
        assertThat(f.probe()).isEqualTo(FAULT);
        write("0");
        assertThat(f.probe()).isEqualTo(ProbeResult.Success.plain());
    }

    @Test
    void weightZeroReversedMakesZeroTheFault() throws Exception {
        FileChecker f = checker("", "weight 0 reverse");
        write("0");
        assertThat(f.probe()).isEqualTo(FAULT);
        write("7");
        assertThat(f.probe()).isEqualTo(ProbeResult.Success.plain());
    }

    @Test
    void theWeightMultipliesAndReverseNegates() throws Exception {
        FileChecker big = checker("", "weight 2147483647");
        write("-1");
        assertThat(big.probe()).isEqualTo(FAULT);
        FileChecker reversed = checker("", "weight 2147483647 reverse");
        write("1");
        assertThat(reversed.probe()).isEqualTo(FAULT);
        write("-1");
        assertThat(reversed.probe()).isEqualTo(ProbeResult.Success.plain());
    }

    @Test
    void theTrackFilesOwnWeightAppliesWhenTheCheckerHasNone() throws Exception {
        FileChecker f = checker("weight -254 reverse", "dynamic");
        write("3");
        // 3 x -254 x -1 = 762 added to the configured weight 5
        assertThat(f.probe()).isEqualTo(new ProbeResult.Success(OptionalLong.of(767)));
    }

    @Test
    void dynamicAdjustsTheConfiguredWeightAndNeverBelowZero() throws Exception {
        FileChecker f = checker("", "weight 2\ndynamic");
        write("10");
        assertThat(f.probe()).isEqualTo(new ProbeResult.Success(OptionalLong.of(25)));
        write("-100");
        assertThat(f.probe()).isEqualTo(new ProbeResult.Success(OptionalLong.of(0)));
        write("0");
        assertThat(f.probe()).isEqualTo(new ProbeResult.Success(OptionalLong.of(5)));
    }

    @Test
    void numbersAreReadAsStrtolReadsThem() throws Exception {
        FileChecker f = checker("", "weight 1\ndynamic");
        write("  0x10 trailing");
        assertThat(f.probe()).isEqualTo(new ProbeResult.Success(OptionalLong.of(21)));
        write("010");
        assertThat(f.probe()).isEqualTo(new ProbeResult.Success(OptionalLong.of(13)));
        write("junk");
        assertThat(f.probe()).isEqualTo(new ProbeResult.Success(OptionalLong.of(5)));
        write("");
        assertThat(f.probe()).isEqualTo(new ProbeResult.Success(OptionalLong.of(5)));
    }

    @Test
    void anOutOfRangeNumberIsLoggedAndTheLastValueKept() throws Exception {
        FileChecker f = checker("", "weight 1\ndynamic");
        write("4");
        assertThat(f.probe()).isEqualTo(new ProbeResult.Success(OptionalLong.of(9)));
        write("99999999999");
        assertThat(f.probe()).isEqualTo(new ProbeResult.Success(OptionalLong.of(9)));
        write("999999999999999999999");
        assertThat(f.probe()).isEqualTo(new ProbeResult.Success(OptionalLong.of(9)));
        assertThat(log).containsExactly("Invalid number 99999999999 read from " + file() + " - ignoring",
                "Invalid number 9223372036854775807 read from " + file() + " - ignoring");
        Files.delete(file());
        assertThat(f.probe()).isEqualTo(new ProbeResult.Success(OptionalLong.of(5)));
    }

    @Test
    void onlyTheFirst127BytesCount() throws Exception {
        FileChecker f = checker("", "weight 1\ndynamic");
        write(" ".repeat(126) + "12");
        assertThat(f.probe()).isEqualTo(new ProbeResult.Success(OptionalLong.of(6)));
    }

    @Test
    void aDirectoryOrFifoReadsAsZeroWithoutBlocking() throws Exception {
        FileChecker f = checker("weight 0", "");
        Files.createDirectory(file());
        assertThat(f.probe()).isEqualTo(ProbeResult.Success.plain());
        Files.delete(file());
        Process mk = new ProcessBuilder("mkfifo", file().toString()).start();
        assertThat(mk.waitFor()).isZero();
        assertThat(f.probe()).isEqualTo(ProbeResult.Success.plain());
    }

    @Test
    void theTrackFileMustBeTheOneNamed() {
        TrackFile other = new TrackFile("other", "/x", 1, false, Optional.empty());
        KeepalivedConfig c = ConfigCheckFixtures.config("track_file flag {\n file /x\n}\n",
                "FILE_CHECK {\n track_file flag\n}\n");
        assertThatThrownBy(() -> new FileChecker(new FileCheck("flag", false, OptionalInt.empty(), false),
                ConfigCheckFixtures.target(c), other)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void strtolMatchesC() {
        assertThat(CNumber.strtol("42")).isEqualTo(new CNumber.Parsed(42, false));
        assertThat(CNumber.strtol(" \t\n-17x")).isEqualTo(new CNumber.Parsed(-17, false));
        assertThat(CNumber.strtol("+0X1f")).isEqualTo(new CNumber.Parsed(31, false));
        assertThat(CNumber.strtol("0x")).isEqualTo(new CNumber.Parsed(0, false));
        assertThat(CNumber.strtol("0777")).isEqualTo(new CNumber.Parsed(511, false));
        assertThat(CNumber.strtol("09")).isEqualTo(new CNumber.Parsed(0, false));
        assertThat(CNumber.strtol("")).isEqualTo(new CNumber.Parsed(0, false));
        assertThat(CNumber.strtol("\u0661")).isEqualTo(new CNumber.Parsed(0, false));
        assertThat(CNumber.strtol("9223372036854775807")).isEqualTo(new CNumber.Parsed(Long.MAX_VALUE, false));
        assertThat(CNumber.strtol("9223372036854775808")).isEqualTo(new CNumber.Parsed(Long.MAX_VALUE, true));
        assertThat(CNumber.strtol("-99999999999999999999")).isEqualTo(new CNumber.Parsed(Long.MIN_VALUE, true));
    }
}
