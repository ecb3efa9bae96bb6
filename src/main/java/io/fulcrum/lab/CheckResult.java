package io.fulcrum.lab;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one of the lab's checks.
 *
 * @param number   1, 2 or 3
 * @param title    what it checks
 * @param passed   whether it passed
 * @param evidence what was seen, in order (responses, tables, neighbour entries, timings)
 * @param problems why it failed (empty when it passed)
 */
public record CheckResult(int number, String title, boolean passed, List<String> evidence, List<String> problems) {

    public CheckResult {
        Objects.requireNonNull(title, "title");
        evidence = List.copyOf(evidence);
        problems = List.copyOf(problems);
    }
}
