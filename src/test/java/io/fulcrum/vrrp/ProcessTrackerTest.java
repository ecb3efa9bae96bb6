package io.fulcrum.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.model.VrrpTrackProcess;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** keepalived's process matching and quorum rules (track_process.c), on a manual clock. */
class ProcessTrackerTest {

    private static VrrpTrackProcess spec(String body) {
        return Fixtures.config("vrrp_track_process p {\n" + body.replace(";", "\n") + "\n}\n").trackProcesses()
                .getFirst();
    }

    /** A process written as {@code pid/ppid/comm[/Z]:arg0 arg1 ...}. */
    private static RunningProcess proc(String text) {
        String[] head = text.split(":", 2)[0].split("/");
        List<String> argv = text.contains(":") ? Arrays.asList(text.split(":", 2)[1].split(" ")) : List.of();
        return new RunningProcess(Long.parseLong(head[0]), Long.parseLong(head[1]), head[2], argv,
                head.length > 3 && head[3].equals("Z"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            name only                     | process nginx                               | 5/1/nginx:nginx -g x           | true
            name is exact, not a pattern  | process ssh                                 | 5/1/sshd:/usr/sbin/sshd        | false
            name is comm, not argv        | process nginx                               | 5/1/worker:nginx               | false
            zombie never counts           | process nginx                               | 5/1/nginx/Z                    | false
            full_command uses argv[0]     | process /usr/sbin/nginx;full_command        | 5/1/nginx:/usr/sbin/nginx -g x | true
            full_command, other path      | process /usr/sbin/nginx;full_command        | 5/1/nginx:nginx                | false
            params: exact by default      | process sleep 300                           | 5/1/sleep:sleep 300            | true
            params: exact, more given     | process sleep 300                           | 5/1/sleep:sleep 300 x          | false
            params: exact, other value    | process sleep 300                           | 5/1/sleep:sleep 30             | false
            param_match alone: none given | process sleep;param_match                   | 5/1/sleep:sleep                | true
            param_match alone: one given  | process sleep;param_match                   | 5/1/sleep:sleep 1              | false
            partial: first ones           | process app -c;param_match partial          | 5/1/app:app -c conf            | true
            partial: last must be whole   | process app -c;param_match partial          | 5/1/app:app -cx                | false
            initial: last may be longer   | process sleep 30;param_match initial        | 5/1/sleep:sleep 300            | true
            initial: others must be whole | process app -c f;param_match initial        | 5/1/app:app -cx fo             | false
            initial: too few              | process app -c f;param_match initial        | 5/1/app:app -c                 | false
            """)
    void matching(String what, String body, String process, boolean counted) {
        assertThat(ProcessMatch.matches(spec(body), proc(process))).isEqualTo(counted);
    }

    /**
     * Each step is a time in ms and the process table at that time (space-separated processes); the state after
     * each step is U or D, with * where it changed (and keepalived logs "Quorum gained/lost").
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            first look sets the state   | process a                             | 0=1/0/a; 10=; 20=2/0/a                      | U* D* U*
            first look down             | process a                             | 0=; 10=1/0/a                                 | D* U*
            quorum 2                    | process a;quorum 2                    | 0=1/0/a; 10=1/0/a 2/0/a; 20=2/0/a            | D* U* D*
            quorum_max 1: two is down   | process a;quorum_max 1                | 0=1/0/a; 10=1/0/a 3/9/a; 20=1/0/a            | U* D* U*
            quorum_max 0: none is up    | process a;quorum_max 0                | 0=; 10=1/0/a; 20=                            | U* D* U*
            terminate_delay waits       | process a;terminate_delay 1           | 0=1/0/a; 10=; 500=; 1010=                    | U* U U D*
            restart within the delay    | process a;terminate_delay 1           | 0=1/0/a; 10=; 500=7/0/a; 1100=7/0/a          | U* U U U
            exec away is at once        | process a;terminate_delay 1           | 0=1/0/a; 10=1/0/b                            | U* D*
            fork_delay for a child      | process a;quorum 2;fork_delay 1       | 0=1/0/a; 10=1/0/a 2/1/a; 1010=1/0/a 2/1/a    | D* D U*
            fork_delay not for exec     | process a;quorum 2;fork_delay 1       | 0=1/0/a; 10=1/0/a 2/9/a                      | D* U*
            fork over quorum_max waits  | process a;quorum_max 1;fork_delay 1   | 0=1/0/a; 10=1/0/a 2/1/a; 500=1/0/a           | U* U U
            delay sets both             | process a;delay 0.5                   | 0=1/0/a; 10=; 520=                           | U* U D*
            """)
    void quorum(String what, String body, String steps, String states) {
        ProcessTracker t = new ProcessTracker(spec(body));
        assertThat(t.value()).isEmpty();
        List<String> seen = new ArrayList<>();
        for (String step : steps.split("; ")) {
            String[] s = step.split("=", -1);
            List<RunningProcess> table = s[1].isBlank() ? List.of()
                    : Arrays.stream(s[1].split(" ")).map(ProcessTrackerTest::proc).toList();
            ProcessTracker.Update u = t.observe(table, Long.parseLong(s[0]) * 1_000_000L);
            seen.add((u.value() instanceof TrackedValue.Up ? "U" : "D") + (u.changed() ? "*" : ""));
            assertThat(t.value()).hasValue(u.value());
        }
        assertThat(String.join(" ", seen)).isEqualTo(states);
    }

    @Test
    void keepalivedsLogLinesAndTheDeadline() {
        ProcessTracker t = new ProcessTracker(spec("process a;terminate_delay 2"));
        assertThat(t.observe(List.of(proc("1/0/a")), 0).lines()).as("start-up scan: no line").isEmpty();
        assertThat(t.observe(List.of(), 100).lines()).isEmpty();
        assertThat(t.deadline()).hasValue(100 + 2_000_000_000L);
        assertThat(t.observe(List.of(), 2_000_000_100L).lines()).containsExactly("Quorum lost for tracked process p");
        assertThat(t.deadline()).isEmpty();
        assertThat(t.observe(List.of(proc("4/0/a")), 2_000_000_200L).lines())
                .containsExactly("Quorum gained for tracked process p");
    }
}
