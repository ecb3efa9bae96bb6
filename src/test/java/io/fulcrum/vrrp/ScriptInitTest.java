package io.fulcrum.vrrp;

import static io.fulcrum.vrrp.Fixtures.T0;
import static io.fulcrum.vrrp.Fixtures.MS;
import static io.fulcrum.vrrp.Fixtures.advert;
import static io.fulcrum.vrrp.Fixtures.changed;
import static io.fulcrum.vrrp.Fixtures.effects;
import static io.fulcrum.vrrp.Fixtures.logs;
import static io.fulcrum.vrrp.Fixtures.machine;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.model.Trackers;
import io.fulcrum.config.model.VrrpInstance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * keepalived holds a starting instance in INIT while an unweighted vrrp_script has not reported
 * ({@code num_script_init}, vrrp_scheduler.c vrrp_init_state and try_up_instance), then brings it up with
 * vrrp_state_leave_fault's lines.
 */
class ScriptInitTest {

    private static final TrackStatus AWAITING = TrackStatus.ok(100).awaiting(true);

    @Test
    void trackingSaysWhenAnUnweightedScriptHasNotReported() {
        VrrpInstance i = Fixtures.config("""
                vrrp_script chk { script /bin/true }
                vrrp_script wchk { script /bin/true
                weight 10 }
                vrrp_instance VI_1 { interface eth0
                virtual_router_id 51
                track_script { chk
                wchk } }
                """).vrrpInstances().getFirst();
        Map<TrackedRef, TrackedValue> values = new HashMap<>(Map.of(TrackedRef.iface("eth0"), TrackedValue.UP));
        assertThat(Tracking.status(i, Trackers.none(), values).awaiting()).isTrue();
        values.put(TrackedRef.script("chk"), TrackedValue.UP);
        assertThat(Tracking.status(i, Trackers.none(), values).awaiting()).as("the weighted one is not awaited")
                .isFalse();
        assertThat(Tracking.awaiting(i, Trackers.none(), Map.of())).as("interfaces are never awaited")
                .containsExactly(TrackedRef.script("chk"));
    }

    /**
     * Steps: {@code start}, {@code wait} (still awaiting), {@code ok}, {@code fail} (a script failed), {@code advert}
     * (a higher-priority advert), each followed by the state after it; the lines keepalived logs at the end.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            held, then up                 | ''            | start wait advert ok    | INIT INIT INIT BACKUP        | (VI_1) Entering BACKUP STATE
            held, then the script fails   | ''            | start fail ok           | INIT FAULT BACKUP            | (VI_1) Entering FAULT STATE;(VI_1) Entering BACKUP STATE
            the owner comes up as MASTER  | priority 255  | start ok                | INIT MASTER                  | (VI_1) Entering MASTER STATE
            reported before the start     | ''            | ok start                | INIT BACKUP                  | (VI_1) Entering BACKUP STATE (init)
            """)
    void heldInInitUntilTheScriptsReport(String what, String body, String steps, String states, String lines) {
        VrrpMachine m = machine(body + "\n");
        m.track(AWAITING, T0);
        List<String> seen = new ArrayList<>();
        List<String> logged = new ArrayList<>();
        long now = T0;
        for (String step : steps.split(" ")) {
            now += 10 * MS;
            List<VrrpAction> out = switch (step) {
                case "start" -> m.start(now);
                case "wait" -> m.track(AWAITING, now);
                case "ok" -> m.track(TrackStatus.ok(m.status().basePriority()), now);
                case "fail" -> m.track(TrackStatus.faulted(100, "due to script chk").awaiting(false), now);
                case "advert" -> m.advert(Fixtures.v2(200), Fixtures.HIGHER_IP, now);
                default -> throw new IllegalArgumentException(step);
            };
            seen.add(m.state().name());
            logged.addAll(logs(out));
        }
        assertThat(String.join(" ", seen)).isEqualTo(states);
        assertThat(logged).containsExactly(lines.split(";"));
    }

    @Test
    void heldInstanceHasNoTimerAndComesUpWithAFullDownTimer() {
        VrrpMachine m = machine("");
        m.track(AWAITING, T0);
        assertThat(m.start(T0)).isEmpty();
        assertThat(m.nextDeadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(m.timer(T0 + 10_000 * MS)).isEmpty();
        List<VrrpAction> out = m.track(TrackStatus.ok(100), T0 + 5_000 * MS);
        assertThat(effects(out)).containsExactly(changed(InstanceState.INIT, InstanceState.BACKUP, 100));
        assertThat(m.nextDeadline() - (T0 + 5_000 * MS)).isEqualTo(3_609_375_000L);
        assertThat(m.status().transitions().getLast().reason()).isEqualTo("track scripts reported");
    }

    @Test
    void aFaultedInstanceWaitsForTheScriptsBeforeComingBack() {
        VrrpMachine m = machine("");
        m.start(T0);
        m.track(TrackStatus.faulted(100, "(interface eth0 down)"), T0 + MS);
        assertThat(m.state()).isEqualTo(InstanceState.FAULT);
        m.track(AWAITING, T0 + 2 * MS);
        assertThat(m.state()).as("try_up_instance returns while num_script_init").isEqualTo(InstanceState.FAULT);
        m.track(TrackStatus.ok(100), T0 + 3 * MS);
        assertThat(m.state()).isEqualTo(InstanceState.BACKUP);
        assertThat(effects(m.stop(T0 + 4 * MS))).doesNotContain(advert(0));
    }
}
