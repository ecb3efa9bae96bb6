package io.fulcrum.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.config.model.CheckerSpec;
import io.fulcrum.config.model.KeepalivedConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each kind's timing, from its effective options. */
class CheckerTimingTest {

    private static List<CheckerSpec> checkers(String globals, String checkers) {
        KeepalivedConfig c = HealthFixtures.config(globals + "virtual_server 10.0.0.1 80 {\n    protocol TCP\n"
                + "    delay_loop 20\n    real_server 10.0.1.1 80 {\n" + checkers + "    }\n}\n");
        return c.virtualServers().getFirst().realServers().getFirst().checkers();
    }

    @Test
    void optionsComeFromTheCheckerAndItsDefaults() {
        List<CheckerSpec> specs = checkers("", "        TCP_CHECK {\n            retry 4\n"
                + "            delay_before_retry 3\n            warmup 7\n            alpha\n"
                + "            log_all_failures\n        }\n"
                + "        HTTP_GET {\n            url {\n                path /\n            }\n        }\n"
                + "        MISC_CHECK {\n            misc_path /bin/true\n        }\n"
                + "        SMTP_CHECK {\n        }\n");
        assertThat(CheckerTiming.of(specs.get(0), false)).isEqualTo(new CheckerTiming(Duration.ofSeconds(1),
                Duration.ofSeconds(7), Duration.ofSeconds(20), Duration.ofSeconds(3), 4, true, true, true));
        // HTTP_GET: delay_before_retry 3 s, warmup = delay_loop; retries only while up
        assertThat(CheckerTiming.of(specs.get(1), false)).isEqualTo(new CheckerTiming(Duration.ofSeconds(1),
                Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(3), 1, false, false, false));
        // MISC_CHECK: no retry by default
        assertThat(CheckerTiming.of(specs.get(2), false).retry()).isZero();
        assertThat(CheckerTiming.of(specs.get(2), false).retryWhileDown()).isFalse();
        // SMTP_CHECK retries while down, like TCP_CHECK
        assertThat(CheckerTiming.of(specs.get(3), false).retryWhileDown()).isTrue();
    }

    @Test
    void globalCheckerLogAllFailuresTurnsItOnForEveryChecker() {
        CheckerSpec tcp = checkers("", "        TCP_CHECK {\n        }\n").getFirst();
        assertThat(CheckerTiming.of(tcp, false).logAllFailures()).isFalse();
        assertThat(CheckerTiming.of(tcp, true).logAllFailures()).isTrue();
        KeepalivedConfig c = HealthFixtures.config("global_defs {\n    checker_log_all_failures\n}\n"
                + "virtual_server 10.0.0.1 80 {\n    protocol TCP\n    real_server 10.0.1.1 80 {\n"
                + "        TCP_CHECK {\n        }\n    }\n}\n");
        HealthState h = new HealthState(c.virtualServers(), c.globalDefs(), "h");
        assertThat(h.timing(new CheckerId(0, 0, 0)).logAllFailures()).isTrue();
    }

    @Test
    void fileCheckPollsEverySecondFromTheStart() {
        CheckerSpec file = checkers("track_file flag {\n    file /run/flag\n}\n",
                "        FILE_CHECK {\n            track_file flag\n        }\n").getFirst();
        CheckerTiming t = CheckerTiming.of(file, false);
        assertThat(t).isEqualTo(new CheckerTiming(Duration.ZERO, Duration.ZERO, CheckerTiming.FILE_CHECK_INTERVAL,
                CheckerTiming.FILE_CHECK_INTERVAL, 0, false, false, false));
    }

    @Test
    void rejectsImpossibleTimings() {
        assertThatThrownBy(() -> new CheckerTiming(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0,
                false, false, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CheckerTiming(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofSeconds(1),
                Duration.ZERO, 0, false, false, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CheckerTiming(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1),
                Duration.ZERO, -1, false, false, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
