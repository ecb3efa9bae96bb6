package io.fulcrum.check;

import java.util.List;
import java.util.Objects;

/**
 * What one probe of one checker produced for the rest of the daemon: keepalived's log lines for it and the
 * health events to feed {@link HealthState} with (log the lines first). The runner sends one only when it has
 * lines or events.
 */
public record CheckReport(CheckerId checker, List<String> log, List<HealthEvent> events) {

    public CheckReport {
        Objects.requireNonNull(checker, "checker");
        log = List.copyOf(log);
        events = List.copyOf(events);
    }
}
