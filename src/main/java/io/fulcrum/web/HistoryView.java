package io.fulcrum.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sparklines' data: one sample every {@code intervalSeconds}, oldest first, per virtual server (keyed by its
 * name) and per real server (keyed {@code "TCP 10.0.0.100:80 -> 10.0.0.11:80"}).
 */
public record HistoryView(double intervalSeconds, Map<String, Series> series) {

    public HistoryView {
        series = Collections.unmodifiableMap(new LinkedHashMap<>(series));
    }

    /** Connections per second and bytes per second (both directions). */
    public record Series(List<Long> cps, List<Long> bytesPerSecond) {
        public Series {
            cps = List.copyOf(cps);
            bytesPerSecond = List.copyOf(bytesPerSecond);
        }
    }
}
