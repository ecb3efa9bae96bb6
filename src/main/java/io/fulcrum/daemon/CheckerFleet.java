package io.fulcrum.daemon;

import io.fulcrum.check.CheckReport;
import io.fulcrum.check.CheckerId;
import io.fulcrum.check.CheckerTiming;
import io.fulcrum.check.HealthEvent;
import io.fulcrum.check.HealthState;
import io.fulcrum.config.model.CheckerSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The running checkers, each on its own runner, known by what they check: the virtual server, the real server,
 * the checker's settings and timing ({@link Key}). A reload keeps the runner of every checker whose key is in the
 * new configuration too (its probes and retry counts go on, only the {@link CheckerId} its reports are applied to
 * changes), stops the ones no longer configured and starts the new ones, as keepalived's checker migration does.
 * Only the control loop's thread calls it.
 */
final class CheckerFleet implements AutoCloseable {

    /** What makes two checkers the same across a reload. */
    record Key(String virtualServer, String realServer, CheckerSpec spec, CheckerTiming timing) {
        static Key of(HealthState state, CheckerId id) {
            var target = state.target(id);
            return new Key(target.vsName(), target.rsName(), state.spec(id), state.timing(id));
        }
    }

    /** Builds and starts one checker; its reports go to {@code sink}; closing it stops it. */
    @FunctionalInterface
    interface Launcher {
        AutoCloseable launch(CheckerId id, Consumer<CheckReport> sink);
    }

    /**
     * Where reports go: {@code current} says, when the report is applied, which checker of the health state it
     * belongs to now (empty once the checker was removed by a reload).
     */
    @FunctionalInterface
    interface Sink {
        void report(Supplier<Optional<CheckerId>> current, CheckReport report);
    }

    /** One running checker. */
    private static final class Running {
        private final Key key;
        private volatile CheckerId id;
        private volatile boolean retired;
        private AutoCloseable runner;

        Running(Key key, CheckerId id) {
            this.key = key;
            this.id = id;
        }

        Optional<CheckerId> current() {
            return retired ? Optional.empty() : Optional.of(id);
        }
    }

    /**
     * What a reload does to the checkers: those kept (new id → the old one, whose state the new health state
     * carries), those started, and those stopped.
     */
    record Plan(Map<CheckerId, CheckerId> kept, List<CheckerId> started, List<Key> stopped) {
        Plan {
            kept = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(kept));
            started = List.copyOf(started);
            stopped = List.copyOf(stopped);
        }
    }

    private Launcher launcher;
    private final Sink sink;
    private final Consumer<String> log;
    private final List<Running> running = new ArrayList<>();
    private Map<CheckerId, Running> pendingKept = Map.of();
    private List<Running> pendingStopped = List.of();

    CheckerFleet(Launcher launcher, Sink sink, Consumer<String> log) {
        this.launcher = launcher;
        this.sink = sink;
        this.log = log;
    }

    /** What builds the checkers started from now on (a reload's, from the new configuration). */
    void launcher(Launcher next) {
        this.launcher = next;
    }

    /** Starts every checker of {@code state} (the daemon's start). */
    void startAll(HealthState state) {
        for (CheckerId id : state.checkers()) {
            start(state, id);
        }
    }

    /** How many checkers run. */
    int size() {
        return running.size();
    }

    /**
     * Matches the running checkers with those of {@code next} (changes nothing yet: {@link #commit} does). Call
     * {@link HealthState#carry} for each kept pair before {@code next} starts.
     */
    Plan plan(HealthState next) {
        Map<Key, Deque<Running>> byKey = new LinkedHashMap<>();
        for (Running r : running) {
            byKey.computeIfAbsent(r.key, k -> new ArrayDeque<>()).add(r);
        }
        Map<CheckerId, Running> kept = new LinkedHashMap<>();
        Map<CheckerId, CheckerId> keptIds = new LinkedHashMap<>();
        List<CheckerId> started = new ArrayList<>();
        for (CheckerId id : next.checkers()) {
            Deque<Running> same = byKey.get(Key.of(next, id));
            Running r = same == null ? null : same.poll();
            if (r == null) {
                started.add(id);
            } else {
                kept.put(id, r);
                keptIds.put(id, r.id);
            }
        }
        List<Running> stopped = byKey.values().stream().flatMap(Deque::stream).toList();
        pendingKept = kept;
        pendingStopped = stopped;
        return new Plan(keptIds, started, stopped.stream().map(r -> r.key).toList());
    }

    /** Applies the last {@link #plan}: stops the removed checkers, renames the kept ones, starts the new ones. */
    void commit(Plan plan, HealthState next) {
        for (Running r : pendingStopped) {
            r.retired = true;
            close(r);
            running.remove(r);
        }
        pendingKept.forEach((id, r) -> r.id = id);
        for (CheckerId id : plan.started()) {
            start(next, id);
        }
        pendingKept = Map.of();
        pendingStopped = List.of();
    }

    private void start(HealthState state, CheckerId id) {
        Running r = new Running(Key.of(state, id), id);
        try {
            r.runner = launcher.launch(id, report -> sink.report(r::current, report));
            running.add(r);
        } catch (RuntimeException e) {
            var target = state.target(id);
            log.accept(state.spec(id).keyword() + " for " + target.rsName() + " of VS " + target.vsName()
                    + " cannot run: " + e.getMessage());
        }
    }

    private void close(Running r) {
        try {
            r.runner.close();
        } catch (Exception e) {
            log.accept("stopping " + r.key.spec().keyword() + " for " + r.key.realServer() + ": " + e.getMessage());
        }
    }

    /** {@code report} as checker {@code id}'s: the runner keeps the id it started with, a reload may rename it. */
    static CheckReport renamed(CheckReport report, CheckerId id) {
        if (report.checker().equals(id)) {
            return report;
        }
        List<HealthEvent> events = report.events().stream().map(e -> switch (e) {
            case HealthEvent.CheckerUp u -> (HealthEvent) new HealthEvent.CheckerUp(id);
            case HealthEvent.CheckerDown d -> new HealthEvent.CheckerDown(id);
            case HealthEvent.WeightChanged w -> new HealthEvent.WeightChanged(id, w.weight());
        }).toList();
        return new CheckReport(id, report.log(), events);
    }

    /** Stops every checker. */
    @Override
    public void close() {
        for (Running r : running) {
            r.retired = true;
            close(r);
        }
        running.clear();
    }
}
