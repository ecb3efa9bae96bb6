package io.fulcrum.web;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gauges and counters being assembled for one scrape: points are added by family name, then {@link #build}
 * makes the client's snapshots (the text format leaves out a family without points).
 */
final class MetricFamilies {

    private record Family(String name, String help, boolean counter, List<Object[]> points) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** Declares a gauge. */
    MetricFamilies gauge(String name, String help) {
        families.put(name, new Family(name, help, false, new ArrayList<>()));
        return this;
    }

    /** Declares a counter; {@code name} without {@code _total}, which the text format adds. */
    MetricFamilies counter(String name, String help) {
        families.put(name, new Family(name, help, true, new ArrayList<>()));
        return this;
    }

    /** Adds a point; {@code labels} alternate names and values. */
    void add(String name, double value, String... labels) {
        Family f = families.get(name);
        if (f == null) {
            throw new IllegalArgumentException("undeclared metric " + name);
        }
        f.points().add(new Object[] {value, Labels.of(labels)});
    }

    List<MetricSnapshot> build() {
        List<MetricSnapshot> out = new ArrayList<>();
        for (Family f : families.values()) {
            if (f.counter()) {
                CounterSnapshot.Builder b = CounterSnapshot.builder().name(f.name()).help(f.help());
                for (Object[] p : f.points()) {
                    b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(Math.max(0, (double) p[0]))
                            .labels((Labels) p[1]).build());
                }
                out.add(b.build());
            } else {
                GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(f.name()).help(f.help());
                for (Object[] p : f.points()) {
                    b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value((double) p[0])
                            .labels((Labels) p[1]).build());
                }
                out.add(b.build());
            }
        }
        return out;
    }
}
