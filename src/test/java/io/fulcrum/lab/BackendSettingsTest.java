package io.fulcrum.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackendSettingsTest {

    private static final BackendSettings PLAIN = BackendSettings.of(List.of(BackendAddress.parse("127.0.0.1:0")));

    @Test
    void defaultsAreAWellBehavedServer() {
        assertThat(PLAIN.status()).isEqualTo(200);
        assertThat(PLAIN.text()).isEmpty();
        assertThat(PLAIN.failAfter()).isEmpty();
        assertThat(PLAIN.failure()).isEqualTo(new BackendFailure.Status(503));
        assertThat(PLAIN.delay()).isZero();
        assertThat(PLAIN.threads()).isBetween(1, BackendSettings.MAX_THREADS);
        assertThat(PLAIN.transport()).isEqualTo(BackendTransport.AUTO);
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 199, 204, 205, 304, 600, 0, -1})
    void refusesStatusesThatCannotCarryThePage(int code) {
        assertThatThrownBy(() -> PLAIN.withStatus(code)).hasMessageStartingWith("--status " + code);
        assertThatThrownBy(() -> new BackendFailure.Status(code)).hasMessageStartingWith("--fail-with " + code);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 301, 404, 500, 503, 599})
    void acceptsStatusesWithABody(int code) {
        assertThat(PLAIN.withStatus(code).status()).isEqualTo(code);
    }

    @Test
    void refusesOutOfRangeKnobsNamingTheOption() {
        assertThatThrownBy(() -> PLAIN.withFailAfter(-1, new BackendFailure.Close()))
                .hasMessage("--fail-after -1 is negative");
        assertThatThrownBy(() -> PLAIN.withDelay(Duration.ofMillis(60_001)))
                .hasMessage("--delay 60001 ms is outside 0-60000 ms");
        assertThatThrownBy(() -> PLAIN.withThreads(0)).hasMessage("--threads 0 is outside 1-256");
        assertThatThrownBy(() -> BackendSettings.of(List.of())).hasMessageContaining("at least one address");
    }

    @Test
    void failureIsAStatusOrClose() {
        assertThat(BackendFailure.parse("close")).isEqualTo(new BackendFailure.Close());
        assertThat(BackendFailure.parse("500")).isEqualTo(new BackendFailure.Status(500));
        assertThatThrownBy(() -> BackendFailure.parse("reset"))
                .hasMessage("--fail-with 'reset' is neither a status code nor 'close'");
        assertThatThrownBy(() -> BackendFailure.parse("5000")).hasMessageContaining("neither");
    }
}
