package io.fulcrum.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A TPACKET_V3 (or, with {@link RingConfig#perFrame}, TPACKET_V2) memory-mapped receive ring on one interface, in the network namespace of the thread that opens it
 * (the socket stays there whichever thread polls it). Set up in the order that lets no unfiltered frame in: an
 * AF_PACKET socket with protocol 0 (it receives nothing), the BPF filter, TPACKET_V3, PACKET_IGNORE_OUTGOING (frames
 * this host transmits on the interface are not seen), PACKET_RX_RING and mmap, and only then bind to the interface
 * with ETH_P_ALL; then PACKET_FANOUT (hash) when configured. Needs root or CAP_NET_RAW.
 *
 * <p>TPACKET_V3 hands frames over a block at a time: a block is retired when full or {@code blockTimeoutMillis}
 * after its first frame, so under light load each frame waits up to that timeout. TPACKET_V2 hands over each frame
 * as soon as it is written and wakes the poller for it (no wait; a wake-up per frame while the poller sleeps). Its
 * slots are fixed: a frame larger than a slot (a GRO/GSO super-frame) is queued whole on the socket as well
 * (PACKET_COPY_THRESH, receive buffer raised to {@value #COPY_QUEUE_BYTES} bytes when allowed) and read from there
 * into a buffer of {@value #COPY_BUFFER} bytes, in order.
 *
 * <p>One thread owns a ring: it polls, reads stats and, after its poll loop has ended, closes it. {@link #poll}
 * blocks in poll(2), which a Java interrupt does not wake: poll with short timeouts and check for a stop request
 * between them. Closing while another thread polls fails with IllegalStateException rather than unmapping memory
 * under it.
 */
public final class PacketRing implements AutoCloseable {

    /** Frame addressed to this host (sockaddr_ll pkttype). */
    public static final int PACKET_HOST = 0;
    public static final int PACKET_BROADCAST = 1;
    public static final int PACKET_MULTICAST = 2;
    /** Frame addressed to another host's MAC (seen because the interface is promiscuous or a bridge floods). */
    public static final int PACKET_OTHERHOST = 3;
    public static final int PACKET_OUTGOING = 4;

    /** Receives each frame of a block; the segment is writable and valid only during the call. */
    public interface FrameVisitor {
        void frame(MemorySegment frame, int length, int packetType);
    }

    /**
     * Receives each frame of a block where it lies in the ring, {@code ring[offset, offset + length)}, without a
     * segment made for it (no allocation per frame); valid only during the call.
     */
    public interface RingVisitor {
        void frame(MemorySegment ring, long offset, int length, int packetType);
    }

    private static final int TP_STATUS_USER = 1;
    private static final int TP_STATUS_KERNEL = 0;
    private static final int TP_STATUS_COPY = 1 << 1;
    private static final int TP_STATUS_CSUMNOTREADY = 1 << 3;
    private static final int BLOCK_STATUS = 8;
    private static final int BLOCK_PACKETS = 12;
    private static final int BLOCK_FIRST = 16;
    private static final int HDR_STATUS = 20;
    private static final int HDR_SNAPLEN = 12;
    private static final int HDR_LEN = 16;
    private static final int HDR_MAC = 24;
    private static final int HDR_PKTTYPE = 48 + 10; // sockaddr_ll after TPACKET_ALIGN(sizeof(tpacket3_hdr))
    /** {@code struct tpacket2_hdr}: status, len, snaplen, mac offset; sockaddr_ll at 32 (pkttype at +10). */
    private static final int V2_LEN = 4;
    private static final int V2_SNAPLEN = 8;
    private static final int V2_MAC = 12;
    private static final int V2_PKTTYPE = 32 + 10;
    private static final int COPY_BUFFER = 1 << 17;
    private static final int COPY_QUEUE_BYTES = 4 << 20;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final int fd;
    private final String ifname;
    private final int ifindex;
    private final long mac;
    private final RingConfig config;
    private final Arena arena;
    private final MemorySegment ring;
    private final MemorySegment pollfd;
    private final MemorySegment errnoSlot;
    private final MemorySegment copy;
    private final MemorySegment statistics;
    private final MemorySegment statisticsLength;
    private int block;
    private int slot;
    private boolean checksumPending;
    private long truncated;
    private long packets;
    private long drops;
    private long freezes;
    private volatile boolean closed;

    private PacketRing(int fd, String ifname, int ifindex, long mac, RingConfig config, Arena arena,
            MemorySegment ring) {
        this.fd = fd;
        this.ifname = ifname;
        this.ifindex = ifindex;
        this.mac = mac;
        this.config = config;
        this.arena = arena;
        this.ring = ring;
        this.pollfd = arena.allocate(Libc.POLLFD);
        this.errnoSlot = Libc.allocateErrnoSlot(arena);
        this.copy = config.perFrame() ? arena.allocate(COPY_BUFFER, 64) : MemorySegment.NULL;
        this.statistics = arena.allocate(12, 4); // struct tpacket_stats(_v3): packets, drops, freezes
        this.statisticsLength = arena.allocate(ValueLayout.JAVA_INT);
        pollfd.set(ValueLayout.JAVA_INT, 0, fd);
        pollfd.set(ValueLayout.JAVA_SHORT, 4, (short) (Libc.POLLIN | Libc.POLLERR));
    }

    /** Opens a ring that receives every frame ({@link BpfProgram#acceptAll()}). */
    public static PacketRing open(String ifname, RingConfig config) throws NativeException {
        return open(ifname, config, BpfProgram.acceptAll());
    }

    /**
     * Opens a ring whose filter is {@code filter} from the first frame on.
     *
     * @throws NativeException naming the failing step: if_nametoindex (ENODEV), socket (EPERM without
     *                         CAP_NET_RAW), setsockopt(PACKET_RX_RING) (EINVAL for a shape the kernel refuses),
     *                         mmap, bind, setsockopt(PACKET_FANOUT) (EINVAL when the group exists with another
     *                         mode or interface), ioctl(SIOCGIFHWADDR)
     */
    public static PacketRing open(String ifname, RingConfig config, BpfProgram filter) throws NativeException {
        Objects.requireNonNull(ifname, "ifname");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(filter, "filter");
        Arena arena = Arena.ofShared();
        int fd = -1;
        try (Arena setup = Arena.ofConfined()) {
            int ifindex = Libc.ifNameToIndex(setup, ifname);
            fd = Libc.socket(setup, Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, 0);
            Libc.setsockopt(setup, fd, Libc.SOL_SOCKET, Libc.SO_ATTACH_FILTER, "SO_ATTACH_FILTER",
                    filter.toNative(setup));
            setInt(setup, fd, Libc.PACKET_VERSION, "PACKET_VERSION",
                    config.perFrame() ? Libc.TPACKET_V2 : Libc.TPACKET_V3);
            setInt(setup, fd, Libc.PACKET_IGNORE_OUTGOING, "PACKET_IGNORE_OUTGOING", 1);
            if (config.perFrame()) {
                setInt(setup, fd, Libc.PACKET_COPY_THRESH, "PACKET_COPY_THRESH", 1);
                try { // room for a few super-frames beyond net.core.rmem_max; without CAP_NET_ADMIN the default
                    Libc.setsockopt(setup, fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, "SO_RCVBUFFORCE",
                            setup.allocateFrom(ValueLayout.JAVA_INT, COPY_QUEUE_BYTES));
                } catch (NativeException e) {
                    // the default receive buffer still holds a few: a frame that finds it full is counted truncated
                }
            }
            Libc.setsockopt(setup, fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, "PACKET_RX_RING", request(setup, config));
            long size = config.ringBytes();
            long address = Libc.mmapShared(setup, fd, size, "RX ring of " + size + " bytes");
            MemorySegment ring = MemorySegment.ofAddress(address)
                    .reinterpret(size, arena, s -> Libc.munmapQuietly(address, size));
            Libc.bind(setup, fd, SockAddrs.link(setup, ifindex, Libc.ETH_P_ALL, new byte[0]));
            if (config.fanoutGroup() >= 0) {
                setInt(setup, fd, Libc.PACKET_FANOUT, "PACKET_FANOUT",
                        config.fanoutGroup() | (Libc.PACKET_FANOUT_HASH << 16));
            }
            return new PacketRing(fd, ifname, ifindex, hardwareAddress(setup, fd, ifname), config, arena, ring);
        } catch (NativeException | RuntimeException e) {
            arena.close();
            if (fd >= 0) {
                Libc.closeQuietly(fd);
            }
            throw e;
        }
    }

    /**
     * {@code struct tpacket_req3}: block size, block count, frame size, frame count, retire timeout, priv, features;
     * for TPACKET_V2 only the first four ({@code struct tpacket_req}).
     */
    private static MemorySegment request(Arena arena, RingConfig c) {
        MemorySegment r = arena.allocate(c.perFrame() ? 16 : 28, 4);
        r.fill((byte) 0);
        r.set(ValueLayout.JAVA_INT, 0, c.blockSize());
        r.set(ValueLayout.JAVA_INT, 4, c.blockCount());
        r.set(ValueLayout.JAVA_INT, 8, c.frameSize());
        r.set(ValueLayout.JAVA_INT, 12, c.frameCount());
        if (!c.perFrame()) {
            r.set(ValueLayout.JAVA_INT, 16, c.blockTimeoutMillis());
        }
        return r;
    }

    /** The interface's MAC from {@code SIOCGIFHWADDR} ({@code struct ifreq}: name[16], sockaddr at 16). */
    static long hardwareAddress(Arena arena, int fd, String ifname) throws NativeException {
        MemorySegment ifreq = arena.allocate(40, 8);
        ifreq.fill((byte) 0);
        byte[] name = ifname.getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(MemorySegment.ofArray(name), 0, ifreq, 0, Math.min(name.length, 15));
        Libc.ioctl(arena, fd, Libc.SIOCGIFHWADDR, "SIOCGIFHWADDR " + ifname, ifreq);
        long mac = 0;
        for (int i = 0; i < 6; i++) {
            mac = (mac << 8) | (ifreq.get(ValueLayout.JAVA_BYTE, 18 + i) & 0xff);
        }
        return mac;
    }

    private static void setInt(Arena arena, int fd, int name, String label, int value) throws NativeException {
        Libc.setsockopt(arena, fd, Libc.SOL_PACKET, name, label, arena.allocateFrom(ValueLayout.JAVA_INT, value));
    }

    /** Replaces the filter (SO_ATTACH_FILTER swaps it atomically: each frame meets the old or the new one). */
    public void setFilter(BpfProgram program) throws NativeException {
        ensureOpen();
        try (Arena setup = Arena.ofConfined()) {
            Libc.setsockopt(setup, fd, Libc.SOL_SOCKET, Libc.SO_ATTACH_FILTER, "SO_ATTACH_FILTER",
                    program.toNative(setup));
        }
    }

    /**
     * Waits up to {@code timeoutMillis} for a retired block (per-frame ring: a frame), hands each of its frames to
     * {@code visitor} and returns the block (slot) to the kernel; goes on with the following ones while they are
     * ready (at most one round of the ring). A frame the ring captured only in part (larger than a block can hold,
     * or than a slot when the socket's queue was full) is skipped and counted in {@link #truncatedFrames()}. When
     * the visitor throws, the rest of that block is lost (not seen twice).
     *
     * @return the frames visited, 0 on timeout
     * @throws NativeException a socket error reported by the kernel, e.g. ENETDOWN once when the interface went
     *                         down (the ring resumes by itself when it comes back up)
     */
    public int poll(int timeoutMillis, FrameVisitor visitor) throws NativeException {
        return poll(timeoutMillis, (RingVisitor) (r, offset, length, type) ->
                visitor.frame(r.asSlice(offset, length), length, type));
    }

    /** {@link #poll(int, FrameVisitor)} handing each frame as its place in the ring (no allocation per frame). */
    public int poll(int timeoutMillis, RingVisitor visitor) throws NativeException {
        ensureOpen();
        if (config.perFrame()) {
            return pollFrames(timeoutMillis, visitor);
        }
        if (!ready(block)) {
            short revents = Libc.pollOnce(errnoSlot, pollfd, timeoutMillis);
            if ((revents & Libc.POLLERR) != 0) {
                throwSocketError();
            }
            if (!ready(block)) {
                return 0;
            }
        }
        int visited = 0;
        for (int n = 0; n < config.blockCount() && ready(block); n++) {
            long base = (long) block * config.blockSize();
            try {
                visited += walk(base, visitor);
            } finally {
                INT.setRelease(ring, base + BLOCK_STATUS, TP_STATUS_KERNEL);
                block = block + 1 == config.blockCount() ? 0 : block + 1;
            }
        }
        return visited;
    }

    /** TPACKET_V2: the ready frames from the current slot on, each returned to the kernel after its visit. */
    private int pollFrames(int timeoutMillis, RingVisitor visitor) throws NativeException {
        if (!slotReady(slot)) {
            short revents = Libc.pollOnce(errnoSlot, pollfd, timeoutMillis);
            if ((revents & Libc.POLLERR) != 0) {
                throwSocketError();
            }
            if (!slotReady(slot)) {
                return 0;
            }
        }
        int slots = config.frameCount();
        int visited = 0;
        for (int n = 0; n < slots && slotReady(slot); n++) {
            long header = slotOffset(slot);
            try {
                visited += visitSlot(header, visitor);
            } finally {
                INT.setRelease(ring, header, TP_STATUS_KERNEL);
                slot = slot + 1 == slots ? 0 : slot + 1;
            }
        }
        return visited;
    }

    private long slotOffset(int s) {
        int perBlock = config.blockSize() / config.frameSize();
        return (long) (s / perBlock) * config.blockSize() + (long) (s % perBlock) * config.frameSize();
    }

    private boolean slotReady(int s) {
        return ((int) INT.getAcquire(ring, slotOffset(s)) & TP_STATUS_USER) != 0;
    }

    private int visitSlot(long header, RingVisitor visitor) {
        int status = ring.get(ValueLayout.JAVA_INT, header);
        int length = ring.get(ValueLayout.JAVA_INT, header + V2_LEN);
        int snaplen = ring.get(ValueLayout.JAVA_INT, header + V2_SNAPLEN);
        int type = Byte.toUnsignedInt(ring.get(ValueLayout.JAVA_BYTE, header + V2_PKTTYPE));
        checksumPending = (status & TP_STATUS_CSUMNOTREADY) != 0;
        if ((status & TP_STATUS_COPY) != 0) { // the whole frame waits on the socket's queue
            long whole = Libc.recvWhole(errnoSlot, fd, copy);
            if (whole < 0 || whole > COPY_BUFFER) {
                truncated++;
                return 0;
            }
            visitor.frame(copy, 0, (int) whole, type);
            return 1;
        }
        if (snaplen < length) {
            truncated++;
            return 0;
        }
        int macOffset = Short.toUnsignedInt(ring.get(ValueLayout.JAVA_SHORT, header + V2_MAC));
        visitor.frame(ring, header + macOffset, snaplen, type);
        return 1;
    }

    private boolean ready(int b) {
        return ((int) INT.getAcquire(ring, (long) b * config.blockSize() + BLOCK_STATUS) & TP_STATUS_USER) != 0;
    }

    private int walk(long base, RingVisitor visitor) {
        int count = ring.get(ValueLayout.JAVA_INT, base + BLOCK_PACKETS);
        long header = base + Integer.toUnsignedLong(ring.get(ValueLayout.JAVA_INT, base + BLOCK_FIRST));
        int visited = 0;
        for (int i = 0; i < count; i++) {
            int snaplen = ring.get(ValueLayout.JAVA_INT, header + HDR_SNAPLEN);
            int length = ring.get(ValueLayout.JAVA_INT, header + HDR_LEN);
            if (snaplen < length) {
                truncated++;
            } else {
                int macOffset = Short.toUnsignedInt(ring.get(ValueLayout.JAVA_SHORT, header + HDR_MAC));
                int type = Byte.toUnsignedInt(ring.get(ValueLayout.JAVA_BYTE, header + HDR_PKTTYPE));
                checksumPending = (ring.get(ValueLayout.JAVA_INT, header + HDR_STATUS) & TP_STATUS_CSUMNOTREADY) != 0;
                visitor.frame(ring, header + macOffset, snaplen, type);
                visited++;
            }
            header += Integer.toUnsignedLong(ring.get(ValueLayout.JAVA_INT, header));
        }
        return visited;
    }

    private void throwSocketError() throws NativeException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment error = a.allocate(ValueLayout.JAVA_INT);
            Libc.getsockopt(a, fd, Libc.SOL_SOCKET, Libc.SO_ERROR, "SO_ERROR", error);
            int errno = error.get(ValueLayout.JAVA_INT, 0);
            if (errno != 0) {
                throw new NativeException("packet ring on " + ifname, errno, Libc.strerror(errno));
            }
        }
    }

    /**
     * During {@link FrameVisitor#frame}: whether the current frame's layer-4 checksum is not filled in yet
     * (TP_STATUS_CSUMNOTREADY: sent by this host's stack or over a veth with checksum offload, it holds only the
     * pseudo-header sum). A forwarder must compute such a checksum in full, not adjust it.
     */
    public boolean checksumPending() {
        return checksumPending;
    }

    /** Frames skipped because the ring captured them only in part; owner thread only. */
    public long truncatedFrames() {
        return truncated;
    }

    /** The kernel's counters summed since open (each read resets the kernel's). */
    public synchronized RingStats stats() throws NativeException {
        readStatistics();
        return new RingStats(packets, drops, freezes);
    }

    /**
     * Frames the kernel dropped since open because the ring was full (or the socket's queue, for a frame larger
     * than a slot), read without allocating; owner thread, or any thread holding no other expectation.
     */
    public synchronized long droppedFrames() throws NativeException {
        readStatistics();
        return drops;
    }

    private void readStatistics() throws NativeException {
        ensureOpen();
        MemorySegment value = statistics;
        value.fill((byte) 0);
        int r = Libc.getsockoptInto(errnoSlot, fd, Libc.SOL_PACKET, Libc.PACKET_STATISTICS, value,
                statisticsLength);
        if (r < 0) {
            throw new NativeException("getsockopt(PACKET_STATISTICS)", -r, Libc.strerror(-r));
        }
        packets += Integer.toUnsignedLong(value.get(ValueLayout.JAVA_INT, 0));
        drops += Integer.toUnsignedLong(value.get(ValueLayout.JAVA_INT, 4));
        freezes += Integer.toUnsignedLong(value.get(ValueLayout.JAVA_INT, 8));
    }

    public int interfaceIndex() {
        return ifindex;
    }

    public String interfaceName() {
        return ifname;
    }

    /** The interface's MAC, the 48 bits in the low bits of the long (first byte most significant). */
    public long interfaceMac() {
        return mac;
    }

    public RingConfig config() {
        return config;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("packet ring on " + ifname + " closed");
        }
    }

    /**
     * Unmaps the ring and closes the socket; idempotent. Call it from the owner thread after its poll loop ended.
     *
     * @throws IllegalStateException when another thread is inside {@link #poll} (nothing is closed then)
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            arena.close();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("packet ring on " + ifname + " is being polled: close it after the "
                    + "poll loop ended", e);
        }
        closed = true;
        Libc.closeQuietly(fd);
    }
}
