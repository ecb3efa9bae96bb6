package io.fulcrum.check;

import java.util.Objects;
import java.util.OptionalLong;

/** What one probe of a checker found. */
public sealed interface ProbeResult {

    /**
     * The probe passed.
     *
     * @param weight a new weight for the real server, from MISC_CHECK misc_dynamic (exit status - 2) or FILE_CHECK
     *               dynamic; empty when the checker does not set weights
     */
    record Success(OptionalLong weight) implements ProbeResult {
        public Success {
            Objects.requireNonNull(weight, "weight");
        }

        public static Success plain() {
            return new Success(OptionalLong.empty());
        }
    }

    /**
     * The probe failed.
     *
     * @param line keepalived's log line for this failure, e.g. {@code TCP connection to [10.0.0.11]:tcp:80 timeout.}
     *             or {@code HTTP status code error to [10.0.0.11]:tcp:80 url(/), status_code [404].}; the runner
     *             logs it as keepalived does (while the checker is up, or always with log_all_failures)
     */
    record Failure(String line) implements ProbeResult {
        public Failure {
            Objects.requireNonNull(line, "line");
        }
    }
}
