package io.fulcrum.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects every problem found in one pass over an input; readers report all problems, not the first one only.
 * The number kept is bounded so a hostile input (a million bad lines) cannot exhaust memory; the count of
 * dropped problems is kept and reported.
 */
public final class Diagnostics {

    public static final int DEFAULT_LIMIT = 10_000;

    private final List<Problem> problems = new ArrayList<>();
    private final int limit;
    private int errors;
    private int warnings;
    private int dropped;

    public Diagnostics() {
        this(DEFAULT_LIMIT);
    }

    public Diagnostics(int limit) {
        this.limit = limit;
    }

    public void error(SourcePos pos, String message) {
        add(new Problem(Severity.ERROR, pos, message));
    }

    public void warning(SourcePos pos, String message) {
        add(new Problem(Severity.WARNING, pos, message));
    }

    public void add(Problem p) {
        if (p.isError()) {
            errors++;
        } else {
            warnings++;
        }
        if (problems.size() < limit) {
            problems.add(p);
        } else {
            dropped++;
        }
    }

    public boolean hasErrors() {
        return errors > 0;
    }

    public int errorCount() {
        return errors;
    }

    public int warningCount() {
        return warnings;
    }

    /** Problems not kept because the limit was reached. */
    public int dropped() {
        return dropped;
    }

    /** All kept problems in the order they were found. */
    public List<Problem> all() {
        return Collections.unmodifiableList(problems);
    }

    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    public List<Problem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }
}
