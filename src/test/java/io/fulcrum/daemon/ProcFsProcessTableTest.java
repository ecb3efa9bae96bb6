package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.model.ParamMatch;
import io.fulcrum.config.model.VrrpTrackProcess;
import io.fulcrum.vrrp.ProcessTracker;
import io.fulcrum.vrrp.RunningProcess;
import io.fulcrum.vrrp.TrackedValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /proc process table with a real {@code sleep} that the test starts and kills, and a fake /proc. */
class ProcFsProcessTableTest {

    private static final String ARG = "271828.5";

    private static VrrpTrackProcess sleepTracker(ParamMatch match, String... command) {
        return new VrrpTrackProcess("chk_sleep", List.of(command), match, 1, false, 1, OptionalInt.empty(),
                Duration.ZERO, Duration.ZERO, match != ParamMatch.NONE);
    }

    @Test
    void aRealSleepIsSeenWhileItRunsAndGoneWhenKilled() throws Exception {
        ProcFsProcessTable table = new ProcFsProcessTable();
        ProcessTracker exact = new ProcessTracker(sleepTracker(ParamMatch.EXACT, "sleep", ARG));
        ProcessTracker initial = new ProcessTracker(sleepTracker(ParamMatch.INITIAL, "sleep", "271828"));
        exact.observe(table.processes(true), 0);
        initial.observe(table.processes(true), 0);
        assertThat(exact.value()).hasValue(TrackedValue.DOWN);
        Process sleep = new ProcessBuilder("sleep", ARG).start();
        try {
            List<RunningProcess> now = table.processes(true);
            assertThat(now).filteredOn(p -> p.pid() == sleep.pid()).singleElement().satisfies(p -> {
                assertThat(p.comm()).isEqualTo("sleep");
                assertThat(p.argv()).containsExactly("sleep", ARG);
                assertThat(p.ppid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(p.zombie()).isFalse();
            });
            assertThat(exact.observe(now, 1).lines()).containsExactly("Quorum gained for tracked process chk_sleep");
            assertThat(initial.observe(now, 1).value()).isEqualTo(TrackedValue.UP);
            assertThat(table.processes(false)).filteredOn(p -> p.pid() == sleep.pid()).singleElement()
                    .satisfies(p -> assertThat(p.argv()).as("command lines not read").isEmpty());
        } finally {
            sleep.destroyForcibly();
            assertThat(sleep.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        List<RunningProcess> after = table.processes(true);
        assertThat(after).noneMatch(p -> p.pid() == sleep.pid());
        assertThat(exact.observe(after, 2).lines()).containsExactly("Quorum lost for tracked process chk_sleep");
    }

    @Test
    void readsStatWithAwkwardNamesAndSkipsWhatIsNotAProcess(@TempDir Path proc) throws Exception {
        Path p = Files.createDirectories(proc.resolve("42"));
        Files.writeString(p.resolve("stat"), "42 (my (odd) name) Z 7 42 42 0 -1\n");
        Files.write(p.resolve("cmdline"), new byte[0]);
        Path q = Files.createDirectories(proc.resolve("43"));
        Files.writeString(q.resolve("stat"), "43 (app) S 1 43 43 0 -1\n");
        Files.write(q.resolve("cmdline"), "app\0-c\0a b\0".getBytes());
        Files.createDirectories(proc.resolve("self"));
        Files.createDirectories(proc.resolve("44")); // exited while listed: no stat
        Files.writeString(Files.createDirectories(proc.resolve("45")).resolve("stat"), "45 (x) S notanumber\n");
        assertThat(new ProcFsProcessTable(proc).processes(true)).containsExactlyInAnyOrder(
                new RunningProcess(42, 7, "my (odd) name", List.of(), true),
                new RunningProcess(43, 1, "app", List.of("app", "-c", "a b"), false));
    }
}
