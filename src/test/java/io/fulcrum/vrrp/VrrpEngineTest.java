package io.fulcrum.vrrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.KeepalivedConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine on its own thread, in real time with short VRRPv3 intervals, over an in-memory segment: what one
 * engine's transport sends is handed to every other engine as a received packet (TTL 255, to the group), and
 * the other ports record what they are asked to do. Bounds are generous (a loaded 2-core machine); where speed is
 * the point (a priority-0 handover) the interval is long enough that the fast path and the slow one differ by
 * more than a second.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VrrpEngineTest {

    private static final IpAddress GROUP = IpAddress.parse("224.0.0.18");
    private static final IpAddress LOW_IP = IpAddress.parse("10.0.0.1");
    private static final IpAddress HIGH_IP = IpAddress.parse("10.0.0.2");
    private static final Duration WITHIN = Duration.ofSeconds(10);

    private final Segment segment = new Segment();
    private final List<Node> nodes = new ArrayList<>();

    @AfterEach
    void stopAll() {
        nodes.forEach(n -> n.engine.stop(5000));
    }

    // ---- the fakes ----

    /** The wire: delivers every sent message to the other nodes' engines, as their transport would. */
    private static final class Segment {
        final List<Node> nodes = new CopyOnWriteArrayList<>();

        void deliver(Node from, InstanceSettings instance, byte[] message, IpAddress destination) {
            for (Node n : nodes) {
                if (n != from) {
                    n.engine.receive(new InboundPacket("eth0", instance.primaryAddress(), destination, 255, 20,
                            20 + message.length, false, message));
                }
            }
        }
    }

    /** One host: its engine and recording ports (transport, VIPs, gratuitous ARPs, notifier, log). */
    private static final class Node implements VrrpTransport, VipInstaller, GratuitousSender, VrrpNotifier {
        final String name;
        final Segment segment;
        final List<String> vips = new CopyOnWriteArrayList<>();
        final List<String> transitions = new CopyOnWriteArrayList<>();
        final List<String> groupTransitions = new CopyOnWriteArrayList<>();
        final List<String> logs = new CopyOnWriteArrayList<>();
        final List<Integer> sentPriorities = new CopyOnWriteArrayList<>();
        final AtomicInteger gratuitous = new AtomicInteger();
        /** When set, the first notification blocks the engine's thread until it is counted down. */
        volatile CountDownLatch hold;
        final CountDownLatch holding = new CountDownLatch(1);
        VrrpEngine engine;

        Node(String name, Segment segment) {
            this.name = name;
            this.segment = segment;
        }

        @Override
        public void send(InstanceSettings instance, byte[] message, IpAddress destination) {
            sentPriorities.add(message[2] & 0xff);
            segment.deliver(this, instance, message, destination);
        }

        @Override
        public void add(InstanceSettings instance) {
            vips.add("+" + instance.name());
        }

        @Override
        public void remove(InstanceSettings instance) {
            vips.add("-" + instance.name());
        }

        @Override
        public void send(InstanceSettings instance, int repeat) {
            gratuitous.incrementAndGet();
        }

        @Override
        public void stateChanged(InstanceSettings instance, InstanceState from, InstanceState to, int priority) {
            transitions.add(instance.name() + " " + from + "->" + to);
            CountDownLatch h = hold;
            if (h != null) {
                hold = null;
                holding.countDown();
                try {
                    h.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void masterRxLowerPriority(InstanceSettings instance, int priority) {
        }

        @Override
        public void groupChanged(String group, InstanceState from, InstanceState to) {
            groupTransitions.add(group + " " + from + "->" + to);
        }

        /** The transitions of one instance, in order. */
        List<String> transitions(String instance) {
            return transitions.stream().filter(t -> t.startsWith(instance + " "))
                    .map(t -> t.substring(instance.length() + 1)).toList();
        }

        InstanceState state(String instance) {
            return engine.statuses().stream().filter(s -> s.name().equals(instance)).findFirst().orElseThrow()
                    .state();
        }

        InstanceStatus status(String instance) {
            return engine.statuses().stream().filter(s -> s.name().equals(instance)).findFirst().orElseThrow();
        }

        long logged(String part) {
            return logs.stream().filter(l -> l.contains(part)).count();
        }
    }

    // ---- configurations, through the real loader ----

    private static String instance(String name, int vrid, int priority, String advertInt) {
        return """
                vrrp_instance %s {
                    interface eth0
                    state BACKUP
                    virtual_router_id %d
                    priority %d
                    advert_int %s
                    version 3
                    virtual_ipaddress {
                        192.168.%d.1
                    }
                }
                """.formatted(name, vrid, priority, advertInt, vrid);
    }

    private static final String SYNC = """
            vrrp_sync_group G {
                group {
                    VI_1
                    VI_2
                }
            }
            """;

    private Node node(String name, IpAddress address, String config) {
        return node(name, address, config, System::nanoTime);
    }

    private Node node(String name, IpAddress address, String config, LongSupplier nanos) {
        KeepalivedConfig c = Fixtures.config(config);
        Node n = new Node(name, segment);
        List<InstanceSettings> settings = c.vrrpInstances().stream()
                .map(i -> new InstanceSettings(i, address, GROUP)).toList();
        n.engine = new VrrpEngine(settings, c.syncGroups(), new VrrpEngine.Ports(n, n, n, n), nanos,
                n.logs::add, true, false);
        segment.nodes.add(n);
        nodes.add(n);
        return n;
    }

    private static void awaitState(Node n, String instance, InstanceState state) {
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(10))
                .untilAsserted(() -> assertThat(n.state(instance)).as(n.name + " " + instance).isEqualTo(state));
    }

    // ---- the tests ----

    @Test
    void twoEnginesElectTheHigherPriority() throws Exception {
        Node high = node("high", HIGH_IP, instance("VI_1", 51, 200, "0.1"));
        Node low = node("low", LOW_IP, instance("VI_1", 51, 100, "0.1"));
        assertThat(high.state("VI_1")).isEqualTo(InstanceState.INIT);
        high.engine.start();
        low.engine.start();

        awaitState(high, "VI_1", InstanceState.MASTER);
        await().atMost(WITHIN).untilAsserted(() -> assertThat(low.status("VI_1").master())
                .contains(new InstanceStatus.Master(HIGH_IP, 200)));
        Thread.sleep(1000); // ten adverts: nothing flaps
        assertThat(high.state("VI_1")).isEqualTo(InstanceState.MASTER);
        assertThat(low.state("VI_1")).isEqualTo(InstanceState.BACKUP);
        assertThat(high.vips).containsExactly("+VI_1");
        assertThat(high.transitions("VI_1")).containsExactly("INIT->BACKUP", "BACKUP->MASTER");
        assertThat(low.transitions("VI_1")).first().isEqualTo("INIT->BACKUP");
        assertThat(low.transitions("VI_1").getLast()).endsWith("->BACKUP");
        assertThat(high.gratuitous.get()).isPositive();
        assertThat(high.sentPriorities).isNotEmpty().allMatch(p -> p == 200);
        assertThat(high.logs).contains("(VI_1) Entering BACKUP STATE (init)", "(VI_1) Entering MASTER STATE");

        InstanceStatus s = high.status("VI_1");
        assertThat(s.vrid()).isEqualTo(51);
        assertThat(s.basePriority()).isEqualTo(200);
        assertThat(s.effectivePriority()).isEqualTo(200);
        assertThat(s.interval()).isEqualTo(Duration.ofMillis(100));
        assertThat(s.master()).contains(new InstanceStatus.Master(HIGH_IP, 200));
        assertThat(s.transitions()).extracting(Transition::to)
                .containsExactly(InstanceState.BACKUP, InstanceState.MASTER);
    }

    @Test
    void theStoppedMasterResignsWithPriorityZeroAndTheBackupTakesOverFast() throws Exception {
        // advert_int 0.5: after a priority-0 advert the backup waits its skew time (0.3 s for priority 100);
        // without it, the master-down interval (1.8 s)
        Node high = node("high", HIGH_IP, instance("VI_1", 51, 200, "0.5"));
        Node low = node("low", LOW_IP, instance("VI_1", 51, 100, "0.5"));
        high.engine.start();
        low.engine.start();
        awaitState(high, "VI_1", InstanceState.MASTER);
        await().atMost(WITHIN).until(() -> low.status("VI_1").master().isPresent());

        long stopped = System.nanoTime();
        high.engine.stop(5000);
        assertThat(high.state("VI_1")).isEqualTo(InstanceState.STOP);
        assertThat(high.sentPriorities.getLast()).isZero();
        assertThat(high.vips).containsExactly("+VI_1", "-VI_1");
        assertThat(high.transitions("VI_1")).containsExactly("INIT->BACKUP", "BACKUP->MASTER", "MASTER->STOP");

        awaitState(low, "VI_1", InstanceState.MASTER);
        assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofMillis(1500));
        assertThat(low.logs).contains("(VI_1) Backup received priority 0 advertisement");
        assertThat(low.vips).containsExactly("+VI_1");
        assertThat(low.transitions("VI_1")).endsWith("BACKUP->MASTER");

        high.engine.stop(5000); // stopping twice is harmless
        assertThat(high.transitions("VI_1")).hasSize(3);
    }

    @Test
    void theCountersOfKeepalivedsStatsDumpFollowTheElectionAndTheResignation() throws Exception {
        Node high = node("high", HIGH_IP, instance("VI_1", 51, 200, "0.1"));
        Node low = node("low", LOW_IP, instance("VI_1", 51, 100, "0.1"));
        high.engine.start();
        low.engine.start();
        awaitState(high, "VI_1", InstanceState.MASTER);
        await().atMost(WITHIN).until(() -> low.engine.stats().getFirst().advertReceived() >= 3);
        high.engine.stop(5000);
        awaitState(low, "VI_1", InstanceState.MASTER);
        VrrpStats h = high.engine.stats().getFirst();
        VrrpStats l = low.engine.stats().getFirst();
        assertThat(h.name()).isEqualTo("VI_1");
        assertThat(h.becameMaster()).isEqualTo(1);
        assertThat(h.releasedMaster()).isEqualTo(1);
        assertThat(h.advertSent()).isEqualTo(high.sentPriorities.size());
        assertThat(h.priorityZeroSent()).isEqualTo(1);
        assertThat(l.priorityZeroReceived()).isEqualTo(1);
        assertThat(l.becameMaster()).isEqualTo(1);
        assertThat(l.advertReceived()).isGreaterThanOrEqualTo(3).isLessThanOrEqualTo(h.advertSent());
        assertThat(l.packetLengthErrors() + l.ttlErrors() + l.checksumErrors() + l.authFailures()).isZero();
        low.engine.clearStats();
        assertThat(low.engine.stats().getFirst().becameMaster()).isZero();
    }

    @Test
    void aStoppedBackupReportsStopWithoutTouchingAddresses() {
        Node only = node("only", LOW_IP, instance("VI_1", 51, 100, "1"));
        only.engine.start();
        awaitState(only, "VI_1", InstanceState.BACKUP);
        only.engine.stop(5000);
        assertThat(only.state("VI_1")).isEqualTo(InstanceState.STOP);
        assertThat(only.transitions("VI_1")).containsExactly("INIT->BACKUP", "BACKUP->STOP");
        assertThat(only.vips).isEmpty();
        assertThat(only.sentPriorities).isEmpty();
    }

    @Test
    void aQueueFloodIsDroppedCountedAndLoggedRateLimitedAndTheEngineGoesOn() throws Exception {
        AtomicLong shift = new AtomicLong();
        Node n = node("n", LOW_IP, instance("VI_1", 51, 100, "0.1"), () -> System.nanoTime() + shift.get());
        CountDownLatch release = new CountDownLatch(1);
        n.hold = release; // the engine's thread stops in its first notification (INIT->BACKUP)
        n.engine.start();
        assertThat(n.holding.await(10, TimeUnit.SECONDS)).isTrue();

        // lower-priority adverts from a peer: they must not keep the engine from becoming MASTER
        InstanceSettings peer = new InstanceSettings(Fixtures.config(instance("VI_1", 51, 50, "0.1"))
                .vrrpInstances().getFirst(), HIGH_IP, GROUP);
        byte[] lower = new Adverts(peer).encode(50, GROUP, ChecksumMode.PSEUDO_HEADER);
        InboundPacket p = new InboundPacket("eth0", HIGH_IP, GROUP, 255, 20, 20 + lower.length, false, lower);
        int extra = 500;
        for (int i = 0; i < VrrpEngine.QUEUE_LIMIT + extra; i++) {
            n.engine.receive(p);
        }
        assertThat(n.engine.dropped()).isEqualTo(extra);
        assertThat(n.logs.stream().filter(l -> l.contains("queue full")))
                .containsExactly("VRRP input queue full (10000): 1 packet(s) dropped so far");

        shift.addAndGet(TimeUnit.SECONDS.toNanos(11)); // past the 10 s between flood lines
        n.engine.receive(p);
        n.engine.track("VI_1", TrackStatus.ok(100)); // tracker changes share the queue: dropped too
        assertThat(n.engine.dropped()).isEqualTo(extra + 2);
        assertThat(n.logs.stream().filter(l -> l.contains("queue full"))).containsExactly(
                "VRRP input queue full (10000): 1 packet(s) dropped so far",
                "VRRP input queue full (10000): 501 packet(s) dropped so far");

        release.countDown();
        awaitState(n, "VI_1", InstanceState.MASTER);
        await().atMost(WITHIN).until(() -> n.logged("lower priority") > 0);
        assertThat(n.vips).containsExactly("+VI_1");

        // and it still answers: a higher-priority advert sends it back to BACKUP
        byte[] higher = new Adverts(peer).encode(250, GROUP, ChecksumMode.PSEUDO_HEADER);
        n.engine.receive(new InboundPacket("eth0", HIGH_IP, GROUP, 255, 20, 20 + higher.length, false, higher));
        awaitState(n, "VI_1", InstanceState.BACKUP);
        assertThat(n.status("VI_1").master()).contains(new InstanceStatus.Master(HIGH_IP, 250));
        assertThat(n.vips).containsExactly("+VI_1", "-VI_1");
        assertThat(n.engine.dropped()).isEqualTo(extra + 2);
    }

    @Test
    void aSyncGroupOfTwoInstancesMovesTogether() {
        Node high = node("high", HIGH_IP, SYNC + instance("VI_1", 51, 200, "0.1") + instance("VI_2", 52, 200, "0.1"));
        Node low = node("low", LOW_IP, SYNC + instance("VI_1", 51, 100, "0.1") + instance("VI_2", 52, 100, "0.1"));
        high.engine.start();
        low.engine.start();
        awaitState(high, "VI_1", InstanceState.MASTER);
        awaitState(high, "VI_2", InstanceState.MASTER);
        await().atMost(WITHIN).until(() -> low.status("VI_1").master().isPresent()
                && low.status("VI_2").master().isPresent());
        awaitState(low, "VI_1", InstanceState.BACKUP);
        awaitState(low, "VI_2", InstanceState.BACKUP);
        // on a loaded machine the low engine may have been master for a moment before the high one's first advert
        int lowBefore = low.vips.size();

        // one member's tracker fails: both members of the high engine go to FAULT, both of the low take over
        high.engine.track("VI_2", TrackStatus.faulted(200, "(interface eth1 down)"));
        awaitState(high, "VI_1", InstanceState.FAULT);
        awaitState(high, "VI_2", InstanceState.FAULT);
        awaitState(low, "VI_1", InstanceState.MASTER);
        awaitState(low, "VI_2", InstanceState.MASTER);
        assertThat(high.vips).containsExactlyInAnyOrder("+VI_1", "+VI_2", "-VI_1", "-VI_2");
        List<String> lowVips = List.copyOf(low.vips);
        assertThat(lowVips.subList(lowBefore, lowVips.size())).containsExactlyInAnyOrder("+VI_1", "+VI_2");
        assertThat(high.groupTransitions).contains("G BACKUP->MASTER").endsWith("G MASTER->FAULT");
        assertThat(low.groupTransitions).endsWith("G BACKUP->MASTER");

        // the fault ends: both come back as BACKUP and, with the higher priority, take both addresses back
        high.engine.track("VI_2", TrackStatus.ok(200));
        awaitState(high, "VI_1", InstanceState.MASTER);
        awaitState(high, "VI_2", InstanceState.MASTER);
        awaitState(low, "VI_1", InstanceState.BACKUP);
        awaitState(low, "VI_2", InstanceState.BACKUP);
        assertThat(high.transitions("VI_1")).containsExactly("INIT->BACKUP", "BACKUP->MASTER", "MASTER->FAULT",
                "FAULT->BACKUP", "BACKUP->MASTER");
        assertThat(high.transitions("VI_2")).containsExactly("INIT->BACKUP", "BACKUP->MASTER", "MASTER->FAULT",
                "FAULT->BACKUP", "BACKUP->MASTER");
    }

    @Test
    void aTrackerFaultMovesTheMasterToFaultAndTheOtherEngineTakesOver() {
        Node high = node("high", HIGH_IP, instance("VI_1", 51, 200, "0.1"));
        Node low = node("low", LOW_IP, instance("VI_1", 51, 100, "0.1"));
        high.engine.start();
        low.engine.start();
        awaitState(high, "VI_1", InstanceState.MASTER);
        await().atMost(WITHIN).until(() -> low.status("VI_1").master().isPresent());
        awaitState(low, "VI_1", InstanceState.BACKUP);
        // on a loaded machine the low engine may have been master for a moment before the high one's first advert
        int lowBefore = low.vips.size();

        high.engine.track("VI_1", TrackStatus.faulted(200, "(interface eth0 down)"));
        awaitState(high, "VI_1", InstanceState.FAULT);
        awaitState(low, "VI_1", InstanceState.MASTER);
        assertThat(high.sentPriorities.getLast()).isZero();
        assertThat(high.vips).containsExactly("+VI_1", "-VI_1");
        assertThat(high.logs).contains("(VI_1) Entering FAULT STATE");
        assertThat(high.status("VI_1").master()).isEmpty();
        assertThat(high.status("VI_1").transitions().getLast().reason()).isEqualTo("(interface eth0 down)");
        List<String> lowVips = List.copyOf(low.vips);
        assertThat(lowVips.subList(lowBefore, lowVips.size())).containsExactly("+VI_1");

        // a lowered priority while well: the other engine keeps the address (preemption needs a higher one)
        high.engine.track("VI_1", TrackStatus.ok(50));
        awaitState(high, "VI_1", InstanceState.BACKUP);
        await().atMost(WITHIN).untilAsserted(() -> assertThat(high.status("VI_1").master())
                .contains(new InstanceStatus.Master(LOW_IP, 100)));
        assertThat(high.status("VI_1").effectivePriority()).isEqualTo(50);
        assertThat(low.state("VI_1")).isEqualTo(InstanceState.MASTER);
    }

    @Test
    void anEngineWhoseInstancesAllWaitDoesNotSpinWhateverTheClocksOrigin() throws Exception {
        // a monotonic clock may be negative (System.nanoTime() has an arbitrary origin); an instance in FAULT has
        // no deadline, and the engine must then sleep (up to 1 s at a time), not poll in a loop
        AtomicLong reads = new AtomicLong();
        long origin = Long.MIN_VALUE / 2;
        Node n = node("n", LOW_IP, instance("VI_1", 51, 100, "0.1"), () -> {
            reads.incrementAndGet();
            return origin + System.nanoTime();
        });
        n.engine.track("VI_1", TrackStatus.faulted(100, "(interface eth0 down)"));
        n.engine.start();
        awaitState(n, "VI_1", InstanceState.FAULT);
        long before = reads.get();
        Thread.sleep(1500);
        assertThat(reads.get() - before).as("clock reads while idle").isLessThan(100);
        assertThat(n.transitions("VI_1")).containsExactly("INIT->FAULT");
        assertThat(n.logs).contains("(VI_1) Entering FAULT STATE (init)");
    }
}
