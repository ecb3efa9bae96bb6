package io.fulcrum.web;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last minutes of connections per second and bytes per second of every virtual and real server, for the
 * page's sparklines: one sample each {@code intervalNanos}, at most {@code capacity} kept (the oldest dropped).
 * Series of servers that left the table are forgotten. Not thread-safe: the web server's one thread owns it.
 */
final class History {

    /** One sample every 2 s (the table's rate estimation period), 5 minutes kept. */
    static final long DEFAULT_INTERVAL_NANOS = 2_000_000_000L;
    static final int DEFAULT_CAPACITY = 150;

    private final long intervalNanos;
    private final int capacity;
    private final Map<String, Ring[]> series = new HashMap<>();
    private long lastSample;
    private boolean sampled;

    History(long intervalNanos, int capacity) {
        if (intervalNanos <= 0 || capacity < 2) {
            throw new IllegalArgumentException("interval must be positive and capacity at least 2");
        }
        this.intervalNanos = intervalNanos;
        this.capacity = capacity;
    }

    /** The key of a real server's series. */
    static String key(VirtualServerView vs, RealServerView rs) {
        return vs.name() + " -> " + rs.name();
    }

    /** Records {@code view} when a sample is due at {@code nowNanos}; true when it did. */
    boolean offer(StatusView view, long nowNanos) {
        if (sampled && nowNanos - lastSample < intervalNanos) {
            return false;
        }
        sampled = true;
        lastSample = nowNanos;
        Map<String, TrafficView> now = new HashMap<>();
        for (VirtualServerView vs : view.virtualServers()) {
            now.put(vs.name(), vs.traffic());
            for (RealServerView rs : vs.realServers()) {
                now.put(key(vs, rs), rs.traffic());
            }
        }
        series.keySet().retainAll(now.keySet());
        now.forEach((k, t) -> {
            Ring[] r = series.computeIfAbsent(k, x -> new Ring[] {new Ring(capacity), new Ring(capacity)});
            r[0].add(t.cps());
            r[1].add(t.bytesInPerSec() + t.bytesOutPerSec());
        });
        return true;
    }

    /** The series as the JSON shows them: per key, cps and bytesPerSecond, oldest first. */
    HistoryView view() {
        Map<String, HistoryView.Series> out = new LinkedHashMap<>();
        series.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                out.put(e.getKey(), new HistoryView.Series(e.getValue()[0].values(), e.getValue()[1].values())));
        return new HistoryView(intervalNanos / 1_000_000_000.0, out);
    }

    /** A fixed-size ring of samples. */
    private static final class Ring {
        private final long[] values;
        private int start;
        private int size;

        Ring(int capacity) {
            values = new long[capacity];
        }

        void add(long v) {
            if (size < values.length) {
                values[(start + size++) % values.length] = v;
            } else {
                values[start] = v;
                start = (start + 1) % values.length;
            }
        }

        List<Long> values() {
            Long[] out = new Long[size];
            for (int i = 0; i < size; i++) {
                out[i] = values[(start + i) % values.length];
            }
            return List.of(out);
        }
    }
}
