package io.fulcrum.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The hub on a manual clock: transitions counted once each, the history sampled every 2 s, the summary. */
class StatusHubTest {

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final StatusHub hub = new StatusHub(nanos::get, () -> Instant.EPOCH, new History(2_000_000_000L, 3));

    private static StatusView withTransitions(String state, long... atNanos) {
        List<VrrpView.Transition> t = java.util.Arrays.stream(atNanos)
                .mapToObj(n -> new VrrpView.Transition("t", "BACKUP", state, "r", n)).toList();
        return new StatusView(true, List.of(new VrrpView("VI_1", 1, "eth0", state, 100, 100, Optional.empty(), 0,
                List.of(), t)), List.of(), DataplaneView.NONE);
    }

    @Test
    void countsEachTransitionOnceEvenWhenTheBoundedHistoryDropsOldOnes() {
        assertThat(hub.transitions("VI_1")).isZero();
        hub.publish(withTransitions("BACKUP", 10));
        assertThat(hub.transitions("VI_1")).isEqualTo(1);
        hub.publish(withTransitions("BACKUP", 10));
        assertThat(hub.transitions("VI_1")).isEqualTo(1);
        hub.publish(withTransitions("MASTER", 10, 20, 30));
        assertThat(hub.transitions("VI_1")).isEqualTo(3);
        hub.publish(withTransitions("BACKUP", 30, 40)); // 10 and 20 fell out of the instance's history
        assertThat(hub.transitions("VI_1")).isEqualTo(4);
        assertThat(hub.document().sequence()).isEqualTo(4);
        assertThat(hub.document().summary()).isEqualTo("BACKUP for VI_1 \u00b7 no virtual server");
    }

    @Test
    void samplesTheHistoryEveryIntervalAndKeepsTheLastSamples() {
        StatusView v = WebFixtures.sample();
        for (int i = 0; i < 10; i++) {
            hub.publish(v);
            nanos.addAndGet(1_000_000_000L); // published every second, sampled every other time
        }
        HistoryView h = hub.document().history();
        assertThat(h.intervalSeconds()).isEqualTo(2.0);
        assertThat(h.series().keySet()).containsExactly("TCP 10.0.0.100:80", "TCP 10.0.0.100:80 -> 10.0.0.11:80",
                "TCP 10.0.0.100:80 -> 10.0.0.12:80");
        assertThat(h.series().get("TCP 10.0.0.100:80").cps()).containsExactly(5L, 5L, 5L);
        assertThat(h.series().get("TCP 10.0.0.100:80 -> 10.0.0.11:80").bytesPerSecond())
                .containsExactly(42_000L, 42_000L, 42_000L);
        hub.publish(StatusView.EMPTY);
        nanos.addAndGet(2_000_000_000L);
        hub.publish(StatusView.EMPTY);
        assertThat(hub.document().history().series()).isEmpty();
        assertThat(hub.document().summary()).isEqualTo("VRRP not running \u00b7 no virtual server");
    }
}
