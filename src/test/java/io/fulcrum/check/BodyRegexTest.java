package io.fulcrum.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.model.RegexOption;
import io.fulcrum.config.model.RegexSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BodyRegexTest {

    private static RegexSpec spec(String pattern, List<RegexOption> options, long min, long max) {
        return new RegexSpec(pattern, options, false, min < 0 ? OptionalLong.empty() : OptionalLong.of(min),
                max < 0 ? OptionalLong.empty() : OptionalLong.of(max), OptionalLong.empty(), OptionalLong.empty());
    }

    private static boolean matches(RegexSpec spec, String body) throws InterruptedException {
        return new BodyRegex(spec).matches(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void offsetsBoundWhereAMatchMayStart() throws InterruptedException {
        String body = "abc OK def OK";
        assertThat(matches(spec("OK", List.of(), 5, -1), body)).isTrue(); // the second OK, at 11
        assertThat(matches(spec("OK", List.of(), 5, 10), body)).isFalse();
        assertThat(matches(spec("OK", List.of(), 4, 4), body)).isTrue();
        assertThat(matches(spec("(?<=abc )OK", List.of(), 4, -1), body)).as("look-behind sees before min").isTrue();
        assertThat(matches(spec("OK", List.of(), 100, -1), body)).isFalse();
    }

    @Test
    void withoutUtfTheBodyIsMatchedAsBytes() throws InterruptedException {
        assertThat(matches(spec("café", List.of(), -1, -1), "un café")).isTrue();
        assertThat(matches(spec("caf.$", List.of(), -1, -1), "café")).as("é is two bytes").isFalse();
        assertThat(matches(spec("caf..$", List.of(), -1, -1), "café")).isTrue();
        assertThat(matches(spec("caf.$", List.of(RegexOption.UTF), -1, -1), "café")).isTrue();
    }

    @Test
    void caselessFoldsAsciiOnlyWithoutUtfOrUcp() throws InterruptedException {
        assertThat(matches(spec("HELLO", List.of(RegexOption.CASELESS), -1, -1), "hello")).isTrue();
        assertThat(matches(spec("É", List.of(RegexOption.CASELESS, RegexOption.UTF), -1, -1), "é")).isTrue();
        assertThat(matches(spec("É", List.of(RegexOption.CASELESS), -1, -1), "é")).isFalse();
    }

    @Test
    void aRunawayMatchStopsWhenInterrupted() throws Exception {
        BodyRegex r = new BodyRegex(spec("(.*a){10}x", List.of(), -1, -1)); // minutes of backtracking
        byte[] body = "a".repeat(60).getBytes(StandardCharsets.US_ASCII);
        java.util.concurrent.CompletableFuture<Object> outcome = new java.util.concurrent.CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                outcome.complete(r.matches(body));
            } catch (InterruptedException e) {
                outcome.complete(e);
            }
        });
        Thread.sleep(200);
        t.interrupt();
        assertThat(outcome.get(2, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    }
}
