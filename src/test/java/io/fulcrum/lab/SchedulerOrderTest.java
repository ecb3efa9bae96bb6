package io.fulcrum.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchedulerOrderTest {

    static Map<String, Integer> weights(Object... kv) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Integer) kv[i + 1]);
        }
        return m;
    }

    @Test
    void kinds() {
        assertThat(SchedulerOrder.kind("rr", false)).isEqualTo(SchedulerOrder.Kind.ORDERED);
        assertThat(SchedulerOrder.kind("WRR", false)).isEqualTo(SchedulerOrder.Kind.ORDERED);
        assertThat(SchedulerOrder.kind("rr", true)).isEqualTo(SchedulerOrder.Kind.STICKY);
        assertThat(SchedulerOrder.kind("sh", false)).isEqualTo(SchedulerOrder.Kind.STICKY);
        assertThat(SchedulerOrder.kind("dh", false)).isEqualTo(SchedulerOrder.Kind.BY_DESTINATION);
        assertThat(SchedulerOrder.kind("wlc", false)).isEqualTo(SchedulerOrder.Kind.LEAST);
        assertThat(SchedulerOrder.kind("fo", false)).isEqualTo(SchedulerOrder.Kind.OTHER);
    }

    @Test
    void roundRobinIgnoresWeightsAndWeightedRoundRobinDividesByTheirGcd() {
        Map<String, Integer> w = weights("a", 100, "b", 300);
        assertThat(SchedulerOrder.roundShares("rr", w)).containsExactly(Map.entry("a", 1), Map.entry("b", 1));
        assertThat(SchedulerOrder.roundShares("wrr", w)).containsExactly(Map.entry("a", 1), Map.entry("b", 3));
        assertThat(SchedulerOrder.period(SchedulerOrder.roundShares("wrr", w))).isEqualTo(4);
    }

    @Test
    void anAlternatingSequencePasses() {
        Map<String, Integer> shares = weights("a", 1, "b", 1);
        assertThat(SchedulerOrder.checkOrdered(List.of("b", "a", "b", "a"), shares)).isEmpty();
        assertThat(SchedulerOrder.checkOrdered(List.of("a", "b", "a", "b", "a", "b"), shares)).isEmpty();
    }

    @Test
    void weightedRoundsPass() {
        Map<String, Integer> shares = weights("a", 1, "b", 3);
        assertThat(SchedulerOrder.checkOrdered(List.of("b", "b", "a", "b", "b", "b", "a", "b"), shares)).isEmpty();
    }

    @Test
    void wrongSequencesSayWhy() {
        Map<String, Integer> shares = weights("a", 1, "b", 1);
        assertThat(SchedulerOrder.checkOrdered(List.of("a", "a", "b", "b"), shares))
                .anyMatch(s -> s.contains("a answered 2 time(s) in a round of 2, expected 1"));
        assertThat(SchedulerOrder.checkOrdered(List.of("a", "b", "b", "a"), shares))
                .anyMatch(s -> s.contains("does not repeat"));
        assertThat(SchedulerOrder.checkOrdered(Arrays.asList("a", null, "a", "b"), shares))
                .anyMatch(s -> s.contains("some requests failed"));
        assertThat(SchedulerOrder.checkOrdered(List.of("a", "b"), shares))
                .anyMatch(s -> s.contains("fewer than two rounds"));
        assertThat(SchedulerOrder.checkOrdered(List.of("a", "c", "a", "c"), shares))
                .anyMatch(s -> s.contains("c answered but is not a live real server"));
        assertThat(SchedulerOrder.checkOrdered(List.of(), Map.of())).containsExactly("no live real server");
    }

    @Test
    void stickySequences() {
        Map<String, List<String>> ok = new LinkedHashMap<>();
        ok.put("10.0.0.1", List.of("a", "a", "a"));
        ok.put("10.0.0.2", List.of("b", "b"));
        assertThat(SchedulerOrder.checkSticky(ok, Set.of("a", "b"))).isEmpty();
        Map<String, List<String>> moved = new LinkedHashMap<>();
        moved.put("10.0.0.1", List.of("a", "b"));
        assertThat(SchedulerOrder.checkSticky(moved, Set.of("a", "b")))
                .containsExactly("requests from 10.0.0.1 reached [a, b]: not one server");
        Map<String, List<String>> narrow = new LinkedHashMap<>();
        narrow.put("10.0.0.1", List.of("a"));
        List<String> failed = new ArrayList<>(Arrays.asList("a", null));
        narrow.put("10.0.0.2", failed);
        assertThat(SchedulerOrder.checkSticky(narrow, Set.of("a", "b")))
                .containsExactly("requests from 10.0.0.2 failed", "b was reached from none of the 2 client addresses");
    }
}
