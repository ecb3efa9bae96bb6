package io.fulcrum.dataplane.packet;

import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.conn.ConnectionTable;
import io.fulcrum.nativeio.BpfProgram;
import io.fulcrum.nativeio.NativeException;
import io.fulcrum.nativeio.PacketRing;
import io.fulcrum.nativeio.PacketTx;
import io.fulcrum.nativeio.RingConfig;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The DR/NAT/TUN data plane: for each served interface, {@code workers} platform threads, each reading its own
 * AF_PACKET ring (TPACKET_V2 a frame at a time, or TPACKET_V3 a block at a time: {@link EngineConfig.ReceiveRing};
 * joined in a PACKET_FANOUT group so the kernel hashes each flow to one of them), forwarding with a
 * {@link PacketForwarder} and transmitting through batched TX rings of its own, flushed after each poll (all the
 * frames that were ready). Frames the kernel dropped at a full ring are counted ({@link PacketDrop#RING_FULL}). A
 * classic BPF filter on every ring lets only traffic for served VIP:ports (and NAT real servers' replies) reach
 * Java; it is replaced when the services change. Closing stops the workers and closes the rings.
 */
public final class PacketEngine implements AutoCloseable {

    private static final int POLL_MILLIS = 100;
    /**
     * 128 blocks of 64 KiB (8 MiB) retired after 1 ms: under light load blocks are handed over by the timeout
     * before they fill, so the ring holds about 128 ms of traffic for a worker that stalls (JIT, GC), where
     * RingConfig.DEFAULT's 32 blocks of 256 KiB held 32 ms (bin/bench packet lost frames to it at start).
     */
    private static final RingConfig BLOCK_RING = new RingConfig(1 << 16, 128, 2048, 1, -1);
    /**
     * 4,096 slots of 2 KiB (8 MiB, the same memory), each frame handed over at once: a 1,500-byte MTU frame fits a
     * slot; a larger one (a GRO/GSO super-frame, a jumbo frame) comes whole through the socket's queue.
     */
    private static final RingConfig FRAME_RING = RingConfig.perFrame(1 << 16, 128, 2048);
    /** A worker's receive buffer: the largest frame either ring delivers (a 64 KiB super-frame and its headers). */
    private static final int RX_BUFFER = 1 << 17;
    private static final int TX_FRAMES = 256;
    /** Polls between two reads of the kernel's ring counters (and at every idle timeout). */
    private static final int STATS_EVERY = 256;

    private final EngineConfig config;
    private final ConnectionTable conns;
    private final LongSupplier clock;
    private final Consumer<String> log;
    private final PacketCounters counters = new PacketCounters();
    private final List<Worker> workers = new ArrayList<>();
    private volatile ServiceMap services = ServiceMap.EMPTY;
    private volatile NextHops hops = NextHops.EMPTY;
    private volatile LocalAddresses locals = LocalAddresses.NONE;
    private volatile boolean running = true;

    private PacketEngine(EngineConfig config, ConnectionTable conns, LongSupplier clock, Consumer<String> log) {
        this.config = config;
        this.conns = conns;
        this.clock = clock;
        this.log = log;
    }

    /**
     * Opens every ring (with a filter that drops everything until {@link #apply}) and starts the workers.
     *
     * @throws NativeException naming the failing call (socket without CAP_NET_RAW, an interface gone, ...)
     */
    public static PacketEngine start(EngineConfig config, ConnectionTable conns, LongSupplier clock,
                                     NeighbourRequests requests, Consumer<String> log) throws NativeException {
        PacketEngine e = new PacketEngine(config, conns, clock, log);
        try {
            int group = (int) (ProcessHandle.current().pid() & 0x7fff);
            for (LinkInfo link : config.links()) {
                for (int i = 0; i < config.workers(); i++) {
                    int fanout = config.workers() > 1 ? ((group + link.ifindex()) & 0xffff) : -1;
                    e.workers.add(e.new Worker(link, i, fanout, requests));
                }
            }
        } catch (NativeException | RuntimeException ex) {
            e.close();
            throw ex;
        }
        e.workers.forEach(Worker::start);
        log.accept("Packet engine: " + config.workers() + " worker(s) on each of "
                + config.links().stream().map(LinkInfo::name).toList() + ", receive ring "
                + (config.receiveRing() == EngineConfig.ReceiveRing.BLOCK ? "TPACKET_V3 (blocks, 1 ms)"
                        : "TPACKET_V2 (per frame)"));
        return e;
    }

    /** Serves exactly {@code list} from now on (new connections; established ones keep their entries). */
    public void apply(List<PacketService> list) {
        services = new ServiceMap(list);
        BpfProgram filter = filter(list);
        for (Worker w : workers) {
            try {
                w.ring.setFilter(filter);
            } catch (NativeException ex) {
                log.accept("Packet engine: cannot set the filter on " + w.link.name() + ": " + ex.getMessage());
            }
        }
    }

    /** The real servers' (and NAT clients') MACs as the resolver found them. */
    public void nextHops(List<NextHop> list) {
        hops = new NextHops(list);
    }

    /**
     * The addresses on this host's interfaces now: a service's traffic is forwarded only while its VIP is among
     * them (the VRRP master's); until the first call none is.
     */
    public void localAddresses(LocalAddresses now) {
        locals = now;
    }

    public PacketCounters counters() {
        return counters;
    }

    public List<LinkInfo> links() {
        return config.links();
    }

    /** The services served now. */
    public List<PacketService> services() {
        return services.services();
    }

    static BpfProgram filter(List<PacketService> list) {
        List<BpfProgram.Match> inbound = new ArrayList<>();
        List<BpfProgram.Match> replies = new ArrayList<>();
        for (PacketService s : list) {
            int proto = s.key().protocol().number();
            inbound.add(new BpfProgram.Match(proto, s.key().address(), s.key().port()));
            for (var d : s.service().view().destinations()) {
                if (d.settings().forwarding() == ForwardingMethod.MASQ) {
                    replies.add(new BpfProgram.Match(proto, d.address(), d.port()));
                }
            }
        }
        return inbound.isEmpty() ? BpfProgram.dropAll() : BpfProgram.forTraffic(inbound, replies);
    }

    @Override
    public void close() {
        running = false;
        for (Worker w : workers) {
            w.join();
        }
        for (Worker w : workers) {
            w.closeResources();
        }
    }

    /** One thread, one ring, and a TX ring per interface of its own. */
    private final class Worker implements FrameSink {

        private final LinkInfo link;
        private final PacketRing ring;
        private final List<PacketTx> tx = new ArrayList<>();
        private final int[] txIndex;
        private final PacketForwarder forwarder;
        private final Thread thread;

        Worker(LinkInfo link, int n, int fanout, NeighbourRequests requests) throws NativeException {
            this.link = link;
            RingConfig shape = config.receiveRing() == EngineConfig.ReceiveRing.BLOCK ? BLOCK_RING : FRAME_RING;
            this.ring = PacketRing.open(link.name(), shape.withFanoutGroup(fanout), BpfProgram.dropAll());
            txIndex = new int[config.links().size()];
            try {
                for (LinkInfo l : config.links()) {
                    txIndex[tx.size()] = l.ifindex();
                    tx.add(PacketTx.open(l.name(), 2048 + 64, TX_FRAMES));
                }
            } catch (NativeException | RuntimeException e) {
                closeResources();
                throw e;
            }
            int largest = config.links().stream().mapToInt(LinkInfo::mtu).max().orElse(1500);
            MemorySegment scratch = MemorySegment.ofArray(new byte[largest + 14 + 20 + 64]);
            this.forwarder = new PacketForwarder(conns, () -> services, () -> hops, () -> locals, config.links(),
                    counters, requests, scratch);
            this.thread = Thread.ofPlatform().name("fulcrum-packet-" + link.name() + "-" + n).daemon(true)
                    .unstarted(this::run);
        }

        void start() {
            thread.start();
        }

        private void run() {
            // each frame is copied out of the ring into this worker's buffer and handled there: no allocation per
            // frame (a segment per frame made a young GC every ~10 s at 250 kpps in bin/bench packet)
            MemorySegment rx = MemorySegment.ofArray(new byte[RX_BUFFER]);
            PacketRing.RingVisitor visitor = (r, offset, length, type) -> {
                if (length > RX_BUFFER) {
                    counters.received();
                    counters.drop(PacketDrop.TOO_BIG);
                    return;
                }
                MemorySegment.copy(r, offset, rx, 0, length);
                forwarder.handle(rx, length, type, ring.checksumPending(), clock.getAsLong(), this);
            };
            int polls = 0;
            while (running) {
                try {
                    int n = ring.poll(POLL_MILLIS, visitor);
                    if (n > 0) {
                        flush();
                    }
                    if (n == 0 || ++polls >= STATS_EVERY) {
                        polls = 0;
                        countRingLosses();
                    }
                } catch (NativeException e) {
                    log.accept("Packet engine: " + link.name() + ": " + e.getMessage());
                    if (!running) {
                        return;
                    }
                    sleepQuietly();
                } catch (RuntimeException e) {
                    log.accept("Packet engine: " + link.name() + ": unexpected " + e);
                }
            }
        }

        private long ringDrops;
        private long ringTruncated;

        /** The frames lost at the ring (kernel drops, frames captured only in part) since the last call, counted. */
        private void countRingLosses() throws NativeException {
            long dropped = ring.droppedFrames();
            long truncated = ring.truncatedFrames();
            if (dropped > ringDrops) {
                counters.drops(PacketDrop.RING_FULL, dropped - ringDrops);
                ringDrops = dropped;
            }
            if (truncated > ringTruncated) {
                counters.drops(PacketDrop.TOO_BIG, truncated - ringTruncated);
                ringTruncated = truncated;
            }
        }

        @Override
        public boolean queue(int ifindex, MemorySegment frame, int length) {
            for (int i = 0; i < tx.size(); i++) {
                if (txIndex[i] == ifindex) {
                    PacketTx t = tx.get(i);
                    if (t.queue(frame, length)) {
                        return true;
                    }
                    flushOne(t);
                    return t.queue(frame, length);
                }
            }
            return false;
        }

        @Override
        public int maxFrame(int ifindex) {
            for (int i = 0; i < tx.size(); i++) {
                if (txIndex[i] == ifindex) {
                    return tx.get(i).maxFrame();
                }
            }
            return 0;
        }

        private void flush() {
            for (PacketTx t : tx) {
                flushOne(t);
            }
        }

        private void flushOne(PacketTx t) {
            try {
                t.flush();
            } catch (NativeException e) {
                log.accept("Packet engine: transmit on " + link.name() + ": " + e.getMessage());
            }
        }

        void join() {
            if (thread == null) {
                return;
            }
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void closeResources() {
            ring.close();
            tx.forEach(PacketTx::close);
        }

        private static void sleepQuietly() {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
