package io.fulcrum.web;

import java.util.Objects;
import java.util.Optional;

/**
 * One health checker of a real server and what its last probe found.
 *
 * @param checker       its kind, with a suffix when a real server has more than one of that kind (TCP_CHECK,
 *                      HTTP_GET_2)
 * @param lastOk        whether the last probe passed (empty before the first one)
 * @param lastMessage   the last failure's line, "ok" after a pass, "" before the first probe
 * @param lastMillis    how long the last probe took, in milliseconds (empty before the first one)
 * @param lastAt        when the last probe ended, wall clock ISO-8601 (empty before the first one)
 * @param probes        probes run so far
 * @param failures      probes that failed so far
 */
public record CheckView(String checker, Optional<Boolean> lastOk, String lastMessage, Optional<Double> lastMillis,
                        Optional<String> lastAt, long probes, long failures) {

    public CheckView {
        Objects.requireNonNull(checker, "checker");
        Objects.requireNonNull(lastOk, "lastOk");
        Objects.requireNonNull(lastMessage, "lastMessage");
        Objects.requireNonNull(lastMillis, "lastMillis");
        Objects.requireNonNull(lastAt, "lastAt");
    }
}
