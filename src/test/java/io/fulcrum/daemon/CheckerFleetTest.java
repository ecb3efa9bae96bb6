package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.check.CheckReport;
import io.fulcrum.check.CheckerId;
import io.fulcrum.check.HealthEvent;
import io.fulcrum.check.HealthState;
import io.fulcrum.config.model.KeepalivedConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Matching running checkers with a reloaded configuration's, and the ids their reports go to. */
class CheckerFleetTest {

    private final List<String> events = new ArrayList<>();
    private final List<Optional<CheckerId>> delivered = new ArrayList<>();
    private final List<java.util.function.Consumer<CheckReport>> sinks = new ArrayList<>();

    private static HealthState state(String text) {
        KeepalivedConfig c = TableFixtures.config(text);
        return new HealthState(c.virtualServers(), c.globalDefs(), "localhost");
    }

    private static String vs(String checks) {
        return """
                virtual_server 10.0.0.1 80 {
                    protocol TCP
                    real_server 10.0.1.1 80 {
                %s    }
                }
                """.formatted(checks);
    }

    private static final String TCP3 = "        TCP_CHECK {\n            connect_timeout 3\n        }\n";
    private static final String TCP5 = "        TCP_CHECK {\n            connect_timeout 5\n        }\n";

    private CheckerFleet fleet() {
        return new CheckerFleet((id, sink) -> {
            events.add("start " + id);
            sinks.add(sink);
            return () -> events.add("stop " + id);
        }, (current, report) -> delivered.add(current.get()), events::add);
    }

    @Test
    void sameCheckersAreKeptInOrderChangedOnesRestartAndRemovedOnesStop() {
        CheckerFleet fleet = fleet();
        fleet.startAll(state(vs(TCP3 + TCP3 + TCP5)));
        assertThat(events).containsExactly("start checker 0/0/0", "start checker 0/0/1", "start checker 0/0/2");
        events.clear();

        HealthState next = state(vs(TCP5 + TCP3 + TCP3.replace("3", "4")));
        CheckerFleet.Plan plan = fleet.plan(next);
        assertThat(plan.kept()).containsExactly(java.util.Map.entry(new CheckerId(0, 0, 0), new CheckerId(0, 0, 2)),
                java.util.Map.entry(new CheckerId(0, 0, 1), new CheckerId(0, 0, 0)));
        assertThat(plan.started()).containsExactly(new CheckerId(0, 0, 2));
        assertThat(plan.stopped()).hasSize(1);
        assertThat(events).as("planning changes nothing").isEmpty();

        fleet.commit(plan, next);
        assertThat(events).containsExactly("stop checker 0/0/1", "start checker 0/0/2");
        assertThat(fleet.size()).isEqualTo(3);

        CheckerId launchedAs = new CheckerId(0, 0, 2); // the TCP5 checker, now 0/0/0
        sinks.get(2).accept(new CheckReport(launchedAs, List.of(), List.of(new HealthEvent.CheckerDown(launchedAs))));
        sinks.get(1).accept(new CheckReport(new CheckerId(0, 0, 1), List.of(), List.of()));
        assertThat(delivered).containsExactly(Optional.of(new CheckerId(0, 0, 0)), Optional.empty());

        fleet.close();
        assertThat(events).endsWith("stop checker 0/0/0", "stop checker 0/0/2", "stop checker 0/0/2");
    }

    @Test
    void aReportIsRenamedWithItsEvents() {
        CheckerId old = new CheckerId(1, 2, 0);
        CheckerId now = new CheckerId(0, 1, 0);
        CheckReport r = CheckerFleet.renamed(new CheckReport(old, List.of("line"), List.of(
                new HealthEvent.CheckerUp(old), new HealthEvent.WeightChanged(old, 7))), now);
        assertThat(r).isEqualTo(new CheckReport(now, List.of("line"), List.of(new HealthEvent.CheckerUp(now),
                new HealthEvent.WeightChanged(now, 7))));
    }
}
