package io.fulcrum.config.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Accepted HTTP status codes {@code from..to} (100..599). */
public record StatusRange(int from, int to) {

    public static final List<StatusRange> DEFAULT =
            List.of(new StatusRange(Defaults.HTTP_STATUS_DEFAULT_MIN, Defaults.HTTP_STATUS_DEFAULT_MAX));

    public StatusRange {
        if (from < Defaults.HTTP_STATUS_MIN || to > Defaults.HTTP_STATUS_MAX || from > to) {
            throw new IllegalArgumentException("Invalid HTTP_GET status code " + from + "-" + to);
        }
    }

    public boolean contains(int code) {
        return code >= from && code <= to;
    }

    /** As written in status_code: {@code 200} or {@code 200-299}. */
    public String text() {
        return from == to ? Integer.toString(from) : from + "-" + to;
    }

    /** Sorted, with overlapping and adjacent ranges merged (keepalived keeps a bit set of codes). */
    public static List<StatusRange> normalize(List<StatusRange> ranges) {
        List<StatusRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingInt(StatusRange::from).thenComparingInt(StatusRange::to));
        List<StatusRange> out = new ArrayList<>();
        for (StatusRange r : sorted) {
            if (!out.isEmpty() && r.from() <= out.getLast().to() + 1) {
                StatusRange last = out.removeLast();
                out.add(new StatusRange(last.from(), Math.max(last.to(), r.to())));
            } else {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }
}
