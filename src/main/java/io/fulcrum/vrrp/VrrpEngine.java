package io.fulcrum.vrrp;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.VrrpSyncGroup;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Runs the VRRP instances on one platform thread of their own, so that no health check, script or data-plane work
 * can delay an advertisement. Received packets and tracker changes are queued from any thread; the thread takes
 * them in order, checks each packet ({@link AdvertCheck}), lets the instance's {@link VrrpMachine} decide, and
 * performs the decisions through the ports. Between inputs it sleeps until the earliest timer of any instance.
 * {@link #statuses()} is a snapshot readable from any thread.
 */
public final class VrrpEngine implements AutoCloseable {

    /** Packets and tracker changes waiting beyond this are dropped (a flood must not eat the heap). */
    static final int QUEUE_LIMIT = 10_000;
    private static final long FLOOD_LOG_INTERVAL_NANOS = 10_000_000_000L;
    /**
     * {@link VrrpMachine#nextDeadline()} when no timer is pending. Not a time: compared by difference with a
     * negative {@code now} (the monotonic clock's origin is arbitrary) it would overflow into "long overdue".
     */
    private static final long NOTHING_PENDING = Long.MAX_VALUE;

    private sealed interface Input {
    }

    private record Packet(InboundPacket packet) implements Input {
    }

    private record Track(String instance, TrackStatus status) implements Input {
    }

    private record Stop() implements Input {
    }

    private record Reload(List<InstanceSettings> settings, List<VrrpSyncGroup> syncGroups,
            Map<String, TrackStatus> initial, CompletableFuture<List<String>> done) implements Input {
    }

    /** The ports the engine acts through. */
    public record Ports(VrrpTransport transport, VipInstaller vips, GratuitousSender gratuitous,
            VrrpNotifier notifier, VipFirewall firewall) {
        public Ports {
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(vips, "vips");
            Objects.requireNonNull(gratuitous, "gratuitous");
            Objects.requireNonNull(notifier, "notifier");
            Objects.requireNonNull(firewall, "firewall");
        }

        /** Ports without a firewall ({@link VipFirewall#NONE}): no_accept is not enforced. */
        public Ports(VrrpTransport transport, VipInstaller vips, GratuitousSender gratuitous, VrrpNotifier notifier) {
            this(transport, vips, gratuitous, notifier, VipFirewall.NONE);
        }
    }

    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private Map<String, SyncGroup> groups = new HashMap<>();
    private List<VrrpSyncGroup> syncGroupSpecs;
    private final Ports ports;
    private final LongSupplier nanos;
    private final Consumer<String> log;
    private final boolean detail;
    private final boolean logUnknownVrids;
    private final BlockingQueue<Input> queue = new LinkedBlockingQueue<>(QUEUE_LIMIT);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong lastFloodLog = new AtomicLong(Long.MIN_VALUE);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile List<InstanceStatus> statuses;
    private volatile boolean stopRequested;

    /** One instance: its settings, receive checks, machine and advert encoder. */
    private record Instance(InstanceSettings settings, AdvertCheck check, VrrpMachine machine, Adverts adverts,
            InstanceCounters counters) {
    }

    /**
     * @param settings        the instances to run
     * @param syncGroups      the sync groups some of them belong to
     * @param ports           where decisions go
     * @param nanos           monotonic nanoseconds
     * @param log             log lines (keepalived's shapes, without ident)
     * @param detail          also log the lines keepalived logs only with {@code -D}
     * @param logUnknownVrids log packets for VRIDs no instance has ({@code log_unknown_vrids})
     */
    public VrrpEngine(List<InstanceSettings> settings, List<VrrpSyncGroup> syncGroups, Ports ports,
            LongSupplier nanos, Consumer<String> log, boolean detail, boolean logUnknownVrids) {
        this.ports = Objects.requireNonNull(ports, "ports");
        this.nanos = Objects.requireNonNull(nanos, "nanos");
        this.log = Objects.requireNonNull(log, "log");
        this.detail = detail;
        this.logUnknownVrids = logUnknownVrids;
        for (InstanceSettings s : settings) {
            instances.put(s.name(), instance(s));
        }
        this.groups = groups(syncGroups, Map.of());
        this.syncGroupSpecs = List.copyOf(syncGroups);
        this.statuses = snapshot();
        this.thread = Thread.ofPlatform().name("fulcrum-vrrp").daemon(true).unstarted(this::run);
        thread.setPriority(Thread.MAX_PRIORITY);
    }

    /**
     * Starts the instances on the engine's thread; tracker statuses queued before this are applied first, packets
     * queued before it are dropped.
     */
    public void start() {
        thread.start();
    }

    private static Instance instance(InstanceSettings s) {
        return new Instance(s, new AdvertCheck(s), new VrrpMachine(s), new Adverts(s), new InstanceCounters(s.name()));
    }

    /** The sync groups of {@code specs} over the instances, reusing those of {@code reuse} that are unchanged. */
    private Map<String, SyncGroup> groups(List<VrrpSyncGroup> specs, Map<VrrpSyncGroup, SyncGroup> reuse) {
        Map<String, SyncGroup> byMember = new HashMap<>();
        for (VrrpSyncGroup g : specs) {
            List<VrrpMachine> members = g.members().stream().filter(instances::containsKey)
                    .map(n -> instances.get(n).machine()).toList();
            if (!members.isEmpty()) {
                SyncGroup group = reuse.containsKey(g) ? reuse.get(g) : new SyncGroup(g, members);
                members.forEach(m -> byMember.put(m.name(), group));
            }
        }
        return byMember;
    }

    /**
     * A reload (keepalived's SIGHUP), queued for the engine's thread: an instance whose settings and sync group
     * are unchanged keeps its machine, so its state and timers (no transition, no notify, no gratuitous ARPs); a
     * changed one is stopped (a MASTER resigns with priority 0 and removes its addresses) and starts again, as do
     * all members of a sync group that changed or has a changed member; a new one starts, with its tracking
     * status from {@code initial} (a kept one is given its status from there too, which changes nothing when it
     * is the one it has); one no longer configured is stopped. The future completes with one line per
     * instance that changed, once done.
     */
    public CompletableFuture<List<String>> reload(List<InstanceSettings> settings, List<VrrpSyncGroup> syncGroups,
            Map<String, TrackStatus> initial) {
        Reload r = new Reload(List.copyOf(settings), List.copyOf(syncGroups), Map.copyOf(initial),
                new CompletableFuture<>());
        if (stopRequested || !queue.offer(r)) {
            r.done().completeExceptionally(new IllegalStateException(stopRequested ? "VRRP is stopping"
                    : "the VRRP input queue is full"));
        }
        return r.done();
    }

    /** Queues a received packet (from any thread); dropped with a rate-limited log line when the queue is full. */
    public void receive(InboundPacket packet) {
        offer(new Packet(packet));
    }

    /** Queues a change of an instance's tracked priority or fault (from any thread). */
    public void track(String instance, TrackStatus status) {
        offer(new Track(instance, status));
    }

    private void offer(Input input) {
        if (!queue.offer(input)) {
            long n = dropped.incrementAndGet();
            long now = nanos.getAsLong();
            long last = lastFloodLog.get();
            if ((last == Long.MIN_VALUE || now - last >= FLOOD_LOG_INTERVAL_NANOS)
                    && lastFloodLog.compareAndSet(last, now)) {
                log.accept("VRRP input queue full (" + QUEUE_LIMIT + "): " + n + " packet(s) dropped so far");
            }
        }
    }

    /** The instances' states as of the last input or timer handled. */
    public List<InstanceStatus> statuses() {
        return statuses;
    }

    /** The instances' counters now, in configuration order (keepalived's stats dump); readable from any thread. */
    public List<VrrpStats> stats() {
        List<VrrpStats> list = new ArrayList<>(instances.size());
        for (Instance i : instances.values()) {
            list.add(i.counters().snapshot());
        }
        return List.copyOf(list);
    }

    /** Sets every instance's counters back to zero (keepalived's STATS_CLEAR); from any thread. */
    public void clearStats() {
        instances.values().forEach(i -> i.counters().clear());
    }

    /** Packets dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    private void run() {
        long now = nanos.getAsLong();
        // the trackers' first word comes before the start, so an instance can start in FAULT
        for (Input early; (early = queue.poll()) != null; ) {
            if (early instanceof Track t) {
                track(t, now);
            }
        }
        long start = now;
        for (Instance i : instances.values()) {
            step(i, m -> m.start(start), start);
        }
        statuses = snapshot();
        while (!stopRequested) {
            long wait = earliestDeadline() - nanos.getAsLong();
            Input input;
            try {
                input = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
            } catch (InterruptedException e) {
                input = new Stop();
            }
            if (stopRequested) {
                break;
            }
            now = nanos.getAsLong();
            switch (input) {
                case null -> {
                }
                case Packet p -> packet(p.packet(), now);
                case Track t -> track(t, now);
                case Stop s -> stopRequested = true;
                case Reload r -> reload(r, now);
            }
            for (Instance i : instances.values()) {
                long d = i.machine().nextDeadline();
                if (d != NOTHING_PENDING && d - nanos.getAsLong() <= 0) {
                    long at = nanos.getAsLong();
                    step(i, m -> m.timer(at), at);
                }
            }
            statuses = snapshot();
        }
        now = nanos.getAsLong();
        for (Instance i : instances.values()) {
            perform(i, i.machine().stop(now));
        }
        statuses = snapshot();
        stopped.countDown();
    }

    private long earliestDeadline() {
        long earliest = nanos.getAsLong() + TimeUnit.SECONDS.toNanos(1);
        for (Instance i : instances.values()) {
            long d = i.machine().nextDeadline();
            if (d != NOTHING_PENDING && d - earliest < 0) {
                earliest = d;
            }
        }
        return earliest;
    }

    private void packet(InboundPacket p, long now) {
        Instance target = null;
        for (Instance i : instances.values()) {
            InstanceSettings s = i.settings();
            if (s.vrid() == p.vrid() && s.primaryAddress().isV4() == p.source().isV4()
                    && s.spec().interfaceName().map(p.interfaceName()::equals).orElse(true)) {
                target = i;
                break;
            }
        }
        if (target == null) {
            if (logUnknownVrids) {
                log.accept("Unknown VRID(" + p.vrid() + ") received on interface(" + p.interfaceName()
                        + "). ignoring...");
            }
            return;
        }
        switch (target.check().check(p)) {
            case Verdict.Dropped d -> {
                target.counters().dropped(d.reason());
                log.accept(d.logLine());
            }
            case Verdict.Accepted a -> {
                target.counters().accepted(a.advert().priority(), target.check().lastAddressMismatch());
                a.logLines().forEach(log);
                step(target, m -> m.advert(a.advert(), p.source(), now), now);
            }
        }
    }

    private void reload(Reload r, long now) {
        try {
            r.done().complete(applyReload(r, now));
        } catch (RuntimeException e) {
            r.done().completeExceptionally(e);
        }
    }

    private List<String> applyReload(Reload r, long now) {
        Map<String, VrrpSyncGroup> oldGroupOf = groupOf(syncGroupSpecs);
        Map<String, VrrpSyncGroup> newGroupOf = groupOf(r.syncGroups());
        Set<String> fresh = new LinkedHashSet<>();
        for (InstanceSettings s : r.settings()) {
            Instance old = instances.get(s.name());
            if (old == null || !old.settings().equals(s)
                    || !Objects.equals(oldGroupOf.get(s.name()), newGroupOf.get(s.name()))) {
                fresh.add(s.name());
            }
        }
        for (VrrpSyncGroup g : r.syncGroups()) {
            if (g.members().stream().anyMatch(fresh::contains)) {
                g.members().stream().filter(n -> r.settings().stream().anyMatch(s -> s.name().equals(n)))
                        .forEach(fresh::add);
            }
        }
        List<String> lines = new ArrayList<>();
        Map<String, Instance> next = new LinkedHashMap<>();
        for (InstanceSettings s : r.settings()) {
            Instance old = instances.get(s.name());
            if (!fresh.contains(s.name())) {
                next.put(s.name(), old);
                continue;
            }
            if (old != null) {
                lines.add("(" + s.name() + ") changed by the reload: re-initialising");
                perform(old, old.machine().stop(now));
            } else {
                lines.add("(" + s.name() + ") added by the reload: starting");
            }
            next.put(s.name(), instance(s));
        }
        for (Instance old : instances.values()) {
            if (!next.containsKey(old.settings().name())) {
                lines.add("(" + old.settings().name() + ") removed by the reload: stopping");
                perform(old, old.machine().stop(now));
            }
        }
        Map<VrrpSyncGroup, SyncGroup> reuse = new HashMap<>();
        groups.forEach((name, group) -> {
            VrrpSyncGroup spec = oldGroupOf.get(name);
            if (spec != null && !fresh.contains(name)) {
                reuse.put(spec, group);
            }
        });
        instances.clear();
        instances.putAll(next);
        groups = groups(r.syncGroups(), reuse);
        syncGroupSpecs = r.syncGroups();
        for (String name : fresh) {
            Instance i = instances.get(name);
            TrackStatus status = r.initial().get(name);
            if (status != null) {
                step(i, m -> m.track(status, now), now);
            }
        }
        for (String name : fresh) {
            step(instances.get(name), m -> m.start(now), now);
        }
        // a kept instance hears its status again: a no-op unless the reload changed what it tracks
        for (Instance i : instances.values()) {
            TrackStatus status = r.initial().get(i.settings().name());
            if (status != null && !fresh.contains(i.settings().name())) {
                step(i, m -> m.track(status, now), now);
            }
        }
        statuses = snapshot();
        return lines;
    }

    private static Map<String, VrrpSyncGroup> groupOf(List<VrrpSyncGroup> specs) {
        Map<String, VrrpSyncGroup> m = new HashMap<>();
        specs.forEach(g -> g.members().forEach(n -> m.put(n, g)));
        return m;
    }

    private void track(Track t, long now) {
        Instance i = instances.get(t.instance());
        if (i != null) {
            step(i, m -> m.track(t.status(), now), now);
        }
    }

    /**
     * Gives one input to an instance's machine and performs its decisions; then, for a sync group member, lets the
     * group bring the other members into line and performs theirs.
     */
    private void step(Instance i, Function<VrrpMachine, List<VrrpAction>> input, long now) {
        InstanceState before = i.machine().state();
        List<VrrpAction> out = input.apply(i.machine());
        SyncGroup group = groups.get(i.settings().name());
        int rx = group == null ? -1 : lowerPriorityAt(out);
        if (rx < 0) {
            perform(i, out);
        } else { // the other members' GARPs come before the notify, as in keepalived
            perform(i, out.subList(0, rx));
            group.lowerPriorityReceived(i.machine(), now).forEach((name, a) -> perform(instances.get(name), a));
            perform(i, out.subList(rx, out.size()));
        }
        if (group == null) {
            return;
        }
        SyncGroup.Outcome o = group.afterChange(i.machine(), before, now);
        o.logs().forEach(log);
        o.actions().forEach((name, actions) -> perform(instances.get(name), actions));
        o.transition().ifPresent(t -> ports.notifier().groupChanged(group.name(), t.from(), t.to()));
    }

    private static int lowerPriorityAt(List<VrrpAction> actions) {
        for (int k = 0; k < actions.size(); k++) {
            if (actions.get(k) instanceof VrrpAction.MasterRxLowerPriority) {
                return k;
            }
        }
        return -1;
    }

    private void perform(Instance i, List<VrrpAction> actions) {
        InstanceSettings s = i.settings();
        for (VrrpAction a : actions) {
            try {
                switch (a) {
                    case VrrpAction.SendAdvert send -> advert(i, send.priority());
                    case VrrpAction.AddAddresses add -> {
                        dropRule(s, true);
                        detail("(" + s.name() + ") setting VIPs.");
                        ports.vips().add(s);
                    }
                    case VrrpAction.RemoveAddresses remove -> {
                        detail("(" + s.name() + ") removing VIPs.");
                        try {
                            ports.vips().remove(s);
                        } finally {
                            dropRule(s, false);
                        }
                    }
                    case VrrpAction.SendGratuitous g -> {
                        for (IpAddress vip : s.allAddresses().stream().map(v -> v.address().address()).toList()) {
                            detail("(" + s.name() + ") Sending/queueing " + (vip.isV4() ? "gratuitous ARPs"
                                    : "Unsolicited Neighbour Adverts") + " on "
                                    + s.spec().interfaceName().orElse("?") + " for " + vip);
                        }
                        ports.gratuitous().send(s, g.repeat());
                    }
                    case VrrpAction.StateChanged c -> {
                        i.counters().stateChanged(c.from(), c.to());
                        ports.notifier().stateChanged(s, c.from(), c.to(), c.priority());
                    }
                    case VrrpAction.MasterRxLowerPriority m -> ports.notifier().masterRxLowerPriority(s,
                            m.priority());
                    case VrrpAction.Log l -> {
                        if (!l.detail() || detail) {
                            log.accept(l.line());
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                log.accept("(" + s.name() + ") " + describe(a) + " failed: " + e.getMessage());
            }
        }
    }

    /**
     * keepalived's vrrp_handle_accept_mode: a no_accept instance's drop rule goes in before its addresses and out
     * after them. A failure is logged and the addresses are still set (keepalived goes on too). The removal is
     * asked for every instance: the firewall removes what it added under the instance's name, so a rule added
     * before a reload turned the instance to accept mode still goes.
     */
    private void dropRule(InstanceSettings s, boolean add) {
        boolean needed = VipFirewall.needsDropRule(s);
        if (needed) {
            detail("(" + s.name() + ") " + (add ? "setting" : "removing") + " firewall drop rule");
        } else if (add) {
            return;
        }
        try {
            if (add) {
                ports.firewall().addDropRule(s);
            } else {
                ports.firewall().removeDropRule(s);
            }
        } catch (IOException | RuntimeException e) {
            log.accept("(" + s.name() + ") " + (add ? "setting" : "removing") + " firewall drop rule failed: "
                    + e.getMessage());
        }
    }

    private void advert(Instance i, int priority) throws IOException {
        i.counters().sent(priority);
        for (IpAddress dst : i.settings().destinations()) {
            ports.transport().send(i.settings(), i.adverts().encode(priority, dst, i.check().checksumMode()), dst);
        }
    }

    private void detail(String line) {
        if (detail) {
            log.accept(line);
        }
    }

    private static String describe(VrrpAction a) {
        return switch (a) {
            case VrrpAction.SendAdvert s -> "sending an advert";
            case VrrpAction.AddAddresses x -> "setting VIPs";
            case VrrpAction.RemoveAddresses x -> "removing VIPs";
            case VrrpAction.SendGratuitous g -> "sending gratuitous ARPs";
            case VrrpAction.StateChanged c -> "notifying " + c.to();
            case VrrpAction.MasterRxLowerPriority m -> "notifying master_rx_lower_pri";
            case VrrpAction.Log l -> "logging";
        };
    }

    private List<InstanceStatus> snapshot() {
        List<InstanceStatus> list = new ArrayList<>(instances.size());
        for (Instance i : instances.values()) {
            list.add(i.machine().status());
        }
        return List.copyOf(list);
    }

    /**
     * Stops every instance (a MASTER sends its priority-0 advert and removes its addresses) and waits up to
     * {@code waitMillis} for that to be done.
     */
    public void stop(long waitMillis) {
        if (thread.isAlive()) {
            // the flag ends the loop even when a flood refills the queue before the Stop gets in (within the
            // loop's longest wait, one second); the Stop wakes it at once
            stopRequested = true;
            queue.clear();
            queue.offer(new Stop());
            try {
                stopped.await(waitMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop(5000);
    }
}
