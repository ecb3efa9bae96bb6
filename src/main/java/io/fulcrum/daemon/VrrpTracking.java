package io.fulcrum.daemon;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.TrackFile;
import io.fulcrum.config.model.Trackers;
import io.fulcrum.config.model.VrrpScript;
import io.fulcrum.config.model.VrrpSyncGroup;
import io.fulcrum.nativeio.InterfaceAddress;
import io.fulcrum.nativeio.Link;
import io.fulcrum.nativeio.LinkEvent;
import io.fulcrum.nativeio.LinkMonitor;
import io.fulcrum.nativeio.Rtnetlink;
import io.fulcrum.notify.ScriptEnd;
import io.fulcrum.notify.ScriptRunner;
import io.fulcrum.vrrp.InstanceSettings;
import io.fulcrum.vrrp.ProcessTable;
import io.fulcrum.vrrp.ProcessTracker;
import io.fulcrum.vrrp.RunningProcess;
import io.fulcrum.vrrp.ScriptTracker;
import io.fulcrum.vrrp.TrackStatus;
import io.fulcrum.vrrp.TrackedKind;
import io.fulcrum.vrrp.TrackedRef;
import io.fulcrum.vrrp.TrackedValue;
import io.fulcrum.vrrp.Tracking;
import io.fulcrum.vrrp.VrrpEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the VRRP instances track, kept current and turned into each instance's {@link TrackStatus} for the engine:
 * interface state from rtnetlink (a {@link LinkMonitor} thread, which also refreshes the host's addresses),
 * vrrp_script results (one virtual thread per script, run through the {@link ScriptRunner}, counted by a
 * {@link ScriptTracker}), track_file numbers (read every second) and vrrp_track_process quorums (the process
 * table scanned every 200 ms, counted by a {@link ProcessTracker}). A status is sent to the engine only when it
 * changes; the first ones are sent before the engine starts, so an instance can start in FAULT.
 */
final class VrrpTracking implements AutoCloseable {

    private static final Duration MONITOR_SLICE = Duration.ofMillis(250);
    private static final long FILE_PERIOD_MILLIS = 1000;
    private static final long PROCESS_PERIOD_NANOS = Duration.ofMillis(200).toNanos();
    /** What keepalived's strtol reads of a tracked file: an optional sign and digits at the start. */
    private static final Pattern LEADING_NUMBER = Pattern.compile("^[+-]?[0-9]+");

    private volatile KeepalivedConfig config;
    private volatile List<InstanceSettings> instances;
    private final VrrpEngine engine;
    private final ScriptRunner scripts;
    private final Consumer<String> log;
    private final AtomicReference<VrrpHost> host;
    private final Map<TrackedRef, TrackedValue> values = new ConcurrentHashMap<>();
    private final Map<String, TrackStatus> sent = new HashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final LinkMonitor monitor;
    private volatile boolean running = true;
    private volatile Predicate<String> unbound = name -> false;

    private VrrpTracking(KeepalivedConfig config, List<InstanceSettings> instances, VrrpEngine engine,
            ScriptRunner scripts, Consumer<String> log, AtomicReference<VrrpHost> host, LinkMonitor monitor) {
        this.config = config;
        this.instances = List.copyOf(instances);
        this.engine = engine;
        this.scripts = scripts;
        this.log = log;
        this.host = host;
        this.monitor = monitor;
    }

    /** Reads the current values, sends the first statuses to the engine and starts following changes. */
    static VrrpTracking start(KeepalivedConfig config, List<InstanceSettings> instances,
            AtomicReference<VrrpHost> host, VrrpEngine engine, ScriptRunner scripts, Consumer<String> log)
            throws IOException {
        return start(config, instances, host, engine, scripts, log, name -> false);
    }

    /**
     * {@link #start}, with the instances that have no socket ({@code unbound}: their unicast source address was
     * missing when the sockets were opened) held in FAULT, "(src address not configured)", as keepalived holds
     * them.
     */
    static VrrpTracking start(KeepalivedConfig config, List<InstanceSettings> instances,
            AtomicReference<VrrpHost> host, VrrpEngine engine, ScriptRunner scripts, Consumer<String> log,
            Predicate<String> unbound) throws IOException {
        LinkMonitor monitor = LinkMonitor.open();
        VrrpTracking t = new VrrpTracking(config, instances, engine, scripts, log, host, monitor);
        t.unbound = unbound;
        t.links(host.get().links());
        t.sources(host.get().addresses());
        Set<String> used = t.used(TrackedKind.SCRIPT);
        for (VrrpScript s : config.vrrpScripts()) {
            if (used.contains(s.name())) {
                ScriptTracker tracker = new ScriptTracker(s);
                tracker.value().ifPresent(v -> t.values.put(TrackedRef.script(s.name()), v));
                t.threads.add(Thread.ofVirtual().name("fulcrum-vrrp-script-" + s.name()).unstarted(
                        () -> t.runScript(s, tracker)));
            }
        }
        Set<String> files = t.used(TrackedKind.FILE);
        List<TrackFile> tracked = config.trackFiles().stream().filter(f -> files.contains(f.name())).toList();
        tracked.forEach(t::readFile);
        if (!tracked.isEmpty()) {
            t.threads.add(Thread.ofVirtual().name("fulcrum-vrrp-track-files").unstarted(() -> t.pollFiles(tracked)));
        }
        Set<String> procs = t.used(TrackedKind.PROCESS);
        List<ProcessTracker> watched = config.trackProcesses().stream().filter(p -> procs.contains(p.name()))
                .map(ProcessTracker::new).toList();
        if (!watched.isEmpty()) {
            ProcessTable table = new ProcFsProcessTable();
            boolean commandLines = config.trackProcesses().stream()
                    .anyMatch(p -> procs.contains(p.name()) && p.fullCommand());
            t.lookAtProcesses(table, commandLines, watched);
            t.threads.add(Thread.ofVirtual().name("fulcrum-vrrp-track-process").unstarted(
                    () -> t.pollProcesses(table, commandLines, watched)));
        }
        for (String name : t.used(TrackedKind.BFD)) {
            log.accept("track_bfd " + name + " is not supported in this version: it counts as up");
            t.values.put(TrackedRef.bfd(name), TrackedValue.UP);
        }
        t.threads.add(Thread.ofPlatform().name("fulcrum-vrrp-links").daemon(true).unstarted(t::followLinks));
        t.recompute();
        t.threads.forEach(Thread::start);
        return t;
    }

    /**
     * Whether a reload to {@code next} can keep these trackers: the same vrrp_scripts and track_files are defined
     * and used (their threads and values carry over); interfaces are followed whatever the instances use.
     */
    boolean canRetarget(KeepalivedConfig next, List<InstanceSettings> nextInstances) {
        VrrpTracking other = new VrrpTracking(next, nextInstances, engine, scripts, log, host, monitor);
        return next.vrrpScripts().equals(config.vrrpScripts()) && next.trackFiles().equals(config.trackFiles())
                && next.trackProcesses().equals(config.trackProcesses())
                && other.used(TrackedKind.SCRIPT).equals(used(TrackedKind.SCRIPT))
                && other.used(TrackedKind.FILE).equals(used(TrackedKind.FILE))
                && other.used(TrackedKind.PROCESS).equals(used(TrackedKind.PROCESS))
                && other.used(TrackedKind.BFD).equals(used(TrackedKind.BFD));
    }

    /**
     * A reload that {@link #canRetarget} keeps the trackers: from now on the statuses are those of
     * {@code nextInstances}, from the values already known; each instance's current status is recorded as sent
     * (the engine's reload takes them from {@link #statuses()}).
     */
    synchronized void retarget(KeepalivedConfig next, List<InstanceSettings> nextInstances) {
        this.config = next;
        this.instances = List.copyOf(nextInstances);
        sources(host.get().addresses());
        sent.clear();
        for (InstanceSettings i : instances) {
            sent.put(i.name(), status(i));
        }
    }

    /** The status last sent for each instance, by name (what a reload's new instances start with). */
    synchronized Map<String, TrackStatus> statuses() {
        return Map.copyOf(sent);
    }

    private TrackStatus status(InstanceSettings i) {
        TrackStatus s = Tracking.status(i.spec(), groupTrackers(i), values);
        return unbound.test(i.name()) ? TrackStatus.faulted(s.effectivePriority(), "(src address not configured)")
                : s;
    }

    private Trackers groupTrackers(InstanceSettings i) {
        return config.syncGroups().stream().filter(g -> g.members().contains(i.name()))
                .map(VrrpSyncGroup::trackers).findFirst().orElse(Trackers.none());
    }

    private Set<String> used(TrackedKind kind) {
        Set<String> names = new LinkedHashSet<>();
        for (InstanceSettings i : instances) {
            for (TrackedRef r : Tracking.tracked(i.spec(), groupTrackers(i))) {
                if (r.kind() == kind) {
                    names.add(r.name());
                }
            }
        }
        return names;
    }

    /** Sends each instance its status when it differs from the last one sent. */
    private synchronized void recompute() {
        for (InstanceSettings i : instances) {
            TrackStatus now = status(i);
            if (!now.equals(sent.get(i.name()))) {
                sent.put(i.name(), now);
                engine.track(i.name(), now);
            }
        }
    }

    private void links(List<Link> links) {
        for (Link l : links) {
            values.put(TrackedRef.iface(l.name()), TrackedValue.of(l.up() && l.running()));
        }
    }

    /** track_src_ip: whether each instance's configured source address is on this host. */
    private void sources(List<InterfaceAddress> present) {
        Set<IpAddress> have = new HashSet<>();
        present.forEach(a -> have.add(a.address()));
        for (InstanceSettings i : instances) {
            if (i.spec().trackSrcIp()) {
                i.spec().sourceIp().ifPresent(ip -> values.put(TrackedRef.sourceAddress(ip.toString()),
                        TrackedValue.of(have.contains(ip))));
            }
        }
    }

    private void followLinks() {
        try (Rtnetlink netlink = Rtnetlink.open()) {
            while (running) {
                Optional<LinkEvent> e = monitor.next(MONITOR_SLICE);
                if (e.isEmpty()) {
                    continue;
                }
                switch (e.get()) {
                    case LinkEvent.LinkChanged c -> values.put(TrackedRef.iface(c.link().name()),
                            TrackedValue.of(c.link().up() && c.link().running()));
                    case LinkEvent.LinkRemoved r -> values.put(TrackedRef.iface(r.link().name()), TrackedValue.DOWN);
                    case LinkEvent.AddressAdded a -> {
                    }
                    case LinkEvent.AddressRemoved a -> {
                    }
                    case LinkEvent.EventsLost l -> links(netlink.links());
                }
                VrrpHost now = new VrrpHost(netlink.links(), netlink.addresses());
                host.set(now);
                sources(now.addresses());
                recompute();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            if (running) {
                log.accept("VRRP interface tracking stopped: " + e.getMessage() + " (interface changes are no"
                        + " longer seen)");
            }
        }
    }

    private void runScript(VrrpScript s, ScriptTracker tracker) {
        try {
            while (running) {
                long started = System.nanoTime();
                ScriptEnd end = scripts.run(s.script(), s.timeout());
                ScriptTracker.Update u = tracker.record(switch (end) {
                    case ScriptEnd.Exited x -> new ScriptTracker.RunResult.Exited(x.status());
                    case ScriptEnd.TimedOut x -> new ScriptTracker.RunResult.TimedOut();
                    case ScriptEnd.NotStarted x -> {
                        log.accept("VRRP_Script(" + s.name() + ") could not start: " + x.reason());
                        yield new ScriptTracker.RunResult.Exited(127);
                    }
                });
                u.lines().forEach(log);
                if (u.changed()) {
                    values.put(TrackedRef.script(s.name()), u.value());
                    recompute();
                }
                long left = s.interval().toNanos() - (System.nanoTime() - started);
                if (left > 0) {
                    Thread.sleep(Duration.ofNanos(left));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readFile(TrackFile f) {
        long value;
        try {
            String text = Files.readString(Path.of(f.file())).strip();
            Matcher m = LEADING_NUMBER.matcher(text);
            value = m.find() ? Long.parseLong(m.group()) : 0;
        } catch (IOException | NumberFormatException e) {
            value = 0; // keepalived reads an unreadable file as 0
        }
        values.put(TrackedRef.file(f.name()), new TrackedValue.FileValue(value));
    }

    private void pollFiles(List<TrackFile> files) {
        try {
            while (running) {
                Thread.sleep(FILE_PERIOD_MILLIS);
                files.forEach(this::readFile);
                recompute();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One look at the process table for every watched vrrp_track_process; false if the table could not be read. */
    private boolean lookAtProcesses(ProcessTable table, boolean commandLines, List<ProcessTracker> watched) {
        List<RunningProcess> now;
        try {
            now = table.processes(commandLines);
        } catch (IOException e) {
            log.accept("Process tracking could not read the process table: " + e.getMessage());
            return false;
        }
        long at = System.nanoTime();
        for (ProcessTracker p : watched) {
            ProcessTracker.Update u = p.observe(now, at);
            u.lines().forEach(log);
            if (u.changed()) {
                values.put(TrackedRef.process(p.name()), u.value());
            }
        }
        return true;
    }

    /**
     * Looks at the process table every {@link #PROCESS_PERIOD_NANOS} (keepalived is told of forks, execs and exits
     * by the kernel's process connector; a scan this often is Fulcrum's stand-in), sooner when a fork or terminate
     * delay ends.
     */
    private void pollProcesses(ProcessTable table, boolean commandLines, List<ProcessTracker> watched) {
        try {
            while (running) {
                long wait = PROCESS_PERIOD_NANOS;
                long now = System.nanoTime();
                for (ProcessTracker p : watched) {
                    if (p.deadline().isPresent()) {
                        wait = Math.min(wait, Math.max(0, p.deadline().getAsLong() - now));
                    }
                }
                Thread.sleep(Duration.ofNanos(wait));
                if (lookAtProcesses(table, commandLines, watched)) {
                    recompute();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        monitor.close();
    }
}
