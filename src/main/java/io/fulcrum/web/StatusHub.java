package io.fulcrum.web;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The state the web server serves: the last {@link StatusView} the daemon published, the document made of it,
 * the sparklines' history and the VRRP transitions counted since start. Not thread-safe: the web server's one
 * thread calls every method.
 */
final class StatusHub {

    private final LongSupplier nanos;
    private final Supplier<Instant> wall;
    private final History history;
    private final Map<String, Long> transitions = new HashMap<>();
    private final Map<String, Long> lastTransitionNanos = new HashMap<>();
    private StatusView latest = StatusView.EMPTY;
    private StatusDocument document;
    private long sequence;

    StatusHub(LongSupplier nanos, Supplier<Instant> wall, History history) {
        this.nanos = Objects.requireNonNull(nanos, "nanos");
        this.wall = Objects.requireNonNull(wall, "wall");
        this.history = Objects.requireNonNull(history, "history");
        this.document = makeDocument();
    }

    /** Takes a new state: counts its new transitions, samples the history when due, makes the document. */
    void publish(StatusView view) {
        latest = Objects.requireNonNull(view, "view");
        for (VrrpView i : view.vrrp()) {
            Long last = lastTransitionNanos.get(i.name());
            long fresh = i.transitions().stream().filter(t -> last == null || t.atNanos() - last > 0).count();
            transitions.merge(i.name(), fresh, Long::sum);
            i.transitions().stream().mapToLong(VrrpView.Transition::atNanos)
                    .reduce((a, b) -> b - a > 0 ? b : a)
                    .ifPresent(n -> lastTransitionNanos.put(i.name(), n));
        }
        history.offer(view, nanos.getAsLong());
        sequence++;
        document = makeDocument();
    }

    private StatusDocument makeDocument() {
        return new StatusDocument(wall.get().toString(), sequence, Summary.of(latest), latest.vrrpRunning(),
                latest.vrrp(), latest.virtualServers(), latest.dataplane(), history.view());
    }

    StatusView latest() {
        return latest;
    }

    StatusDocument document() {
        return document;
    }

    /** The transitions of the instance seen since the web server started (those of its history included). */
    long transitions(String instance) {
        return transitions.getOrDefault(instance, 0L);
    }
}
