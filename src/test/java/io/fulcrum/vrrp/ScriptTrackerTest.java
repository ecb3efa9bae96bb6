package io.fulcrum.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.model.VrrpScript;
import io.fulcrum.vrrp.ScriptTracker.RunResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** keepalived's rise/fall counting of vrrp_script results (vrrp_scheduler.c vrrp_script_child_thread). */
class ScriptTrackerTest {

    private static VrrpScript script(String options) {
        return Fixtures.config("vrrp_script chk {\nscript /bin/check\n" + options.replace(";", "\n") + "\n}\n")
                .vrrpScripts().getFirst();
    }

    private static RunResult run(String r) {
        return switch (r.charAt(0)) {
            case 'T' -> new RunResult.TimedOut();
            case 'S' -> new RunResult.Signalled(Integer.parseInt(r.substring(1)));
            default -> new RunResult.Exited(Integer.parseInt(r));
        };
    }

    /**
     * Runs are exit statuses, T (timed out) or S9 (signal 9); states are U (OK) or D (failed) after each run, with
     * a * where the state changed (keepalived logs the result and updates the priorities).
     */
    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            rise 1 fall 1         | ''                 | 0 1 0 0 1        | U* D* U* U D*
            rise 1 fall 1         | ''                 | 1 0              | D* U*
            first run decides     | rise 3;fall 2      | 0 1 1 0 0 0      | U* U D* D D U*
            first failure decides | rise 3;fall 2      | 1 0 0 0 1        | D* D D U* U
            fall 2                | rise 1;fall 2      | 0 1 0 1 1        | U* U U U D*
            init_fail needs rise  | rise 2;init_fail   | 0 1 0 0          | D D D U*
            init_fail rise 1      | init_fail          | 1 0              | D U*
            timeouts and signals  | fall 2             | 0 T S9           | U* U D*
            """)
    void riseAndFall(String what, String options, String runs, String states) {
        ScriptTracker t = new ScriptTracker(script(options));
        List<String> seen = new ArrayList<>();
        for (String r : runs.split(" ")) {
            ScriptTracker.Update u = t.record(run(r));
            seen.add((u.value() instanceof TrackedValue.Up ? "U" : "D") + (u.changed() ? "*" : ""));
            assertThat(t.value()).hasValue(u.value());
        }
        assertThat(String.join(" ", seen)).isEqualTo(states);
    }

    @Test
    void beforeTheFirstRunThereIsNoState() {
        assertThat(new ScriptTracker(script("")).value()).isEmpty();
        assertThat(new ScriptTracker(script("init_fail")).value()).hasValue(TrackedValue.DOWN);
    }

    @Test
    void keepalivedsLogLines() {
        ScriptTracker t = new ScriptTracker(script("fall 1"));
        assertThat(t.record(new RunResult.Exited(0)).lines()).containsExactly("VRRP_Script(chk) succeeded");
        assertThat(t.record(new RunResult.Exited(1)).lines()).containsExactly("Script `chk` now returning 1",
                "VRRP_Script(chk) failed (exited with status 1)");
        assertThat(t.record(new RunResult.Exited(2)).lines()).as("still failed: only the status change")
                .containsExactly("Script `chk` now returning 2");
        assertThat(t.record(new RunResult.Exited(0)).lines()).containsExactly("Script `chk` now returning 0",
                "VRRP_Script(chk) succeeded");
        assertThat(t.record(new RunResult.Signalled(9)).lines()).containsExactly("VRRP_Script(chk) failed (due to signal 9)");
        assertThat(t.record(new RunResult.Exited(0)).lines()).containsExactly("VRRP_Script(chk) succeeded");
        assertThat(t.record(new RunResult.TimedOut()).lines()).containsExactly("VRRP_Script(chk) timed_out");
    }

    @Test
    void aFirstRunOfZeroLogsNoStatusChange() {
        ScriptTracker t = new ScriptTracker(script(""));
        assertThat(t.record(new RunResult.Exited(0)).lines()).containsExactly("VRRP_Script(chk) succeeded");
        assertThat(t.record(new RunResult.Exited(0)).lines()).isEmpty();
        assertThat(t.name()).isEqualTo("chk");
    }
}
