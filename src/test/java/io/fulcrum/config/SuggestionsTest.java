package io.fulcrum.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    @Test
    void seedMisspellingsGetTheirKeyword() {
        List<String> vs = List.of("persistence_timeout", "persistence_granularity", "protocol", "connect_timeout",
                "delay_loop", "lvs_sched");
        assertThat(Suggestions.didYouMean("persistence_time", vs)).contains("persistence_timeout");
        assertThat(Suggestions.didYouMean("connection_timeout", vs)).contains("connect_timeout");
        assertThat(Suggestions.didYouMean("delay_lop", vs)).contains("delay_loop");
        assertThat(Suggestions.didYouMean("protcool", vs)).contains("protocol");
    }

    @Test
    void unrelatedWordsGetNoSuggestion() {
        assertThat(Suggestions.didYouMean("banana", List.of("priority", "interface"))).isEmpty();
        assertThat(Suggestions.didYouMean("x".repeat(100), List.of("priority"))).isEmpty();
    }

    @Test
    void transpositionCountsAsOneEdit() {
        assertThat(Suggestions.distance("priroity", "priority")).isEqualTo(1);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    }
}
