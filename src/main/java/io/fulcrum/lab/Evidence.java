package io.fulcrum.lab;

import java.util.ArrayList;
import java.util.List;

/** What one check saw (told to the narrator as it comes) and what it found wrong. */
final class Evidence {

    private final Narrator narrator;
    private final List<String> seen = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    Evidence(Narrator narrator) {
        this.narrator = narrator;
    }

    void see(String line) {
        seen.add(line.stripTrailing());
        narrator.saw(line.stripTrailing());
    }

    void problem(String line) {
        problems.add(line);
    }

    void problems(List<String> lines) {
        problems.addAll(lines);
    }

    List<String> seen() {
        return List.copyOf(seen);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }
}
