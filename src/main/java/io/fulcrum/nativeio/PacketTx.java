package io.fulcrum.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * Batched transmit on one interface through a TPACKET_V2 TX ring (PACKET_TX_RING, mmap): {@link #queue} copies
 * frames into free slots, {@link #flush} makes the kernel send every queued slot with one {@code send}. The socket
 * has protocol 0 (it receives nothing), PACKET_LOSS (a frame the kernel refuses, e.g. above the MTU, is skipped
 * instead of blocking the ring) and PACKET_QDISC_BYPASS where the kernel allows it (frames go straight to the
 * driver: no qdisc, and no packet taps of this host see them). Opened in the calling thread's network namespace;
 * one thread uses it; needs root or CAP_NET_RAW.
 */
public final class PacketTx implements AutoCloseable {

    private static final int TP_STATUS_AVAILABLE = 0;
    private static final int TP_STATUS_SEND_REQUEST = 1;
    /** Frame data follows TPACKET2_HDRLEN - sizeof(sockaddr_ll) = 52 - 20 bytes of header. */
    private static final int DATA_OFFSET = 32;
    private static final int HDR_LEN = 4;
    private static final int ETHERNET_HEADER = 14;
    private static final int PAGE = 4096;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final int fd;
    private final String ifname;
    private final int ifindex;
    private final int frameSize;
    private final int framesPerBlock;
    private final int blockSize;
    private final int slots;
    private final boolean qdiscBypass;
    private final Arena arena;
    private final MemorySegment ring;
    private final MemorySegment errnoSlot;
    private int head;
    private int unflushed;
    private int unflushedFrom;
    private volatile boolean closed;

    private PacketTx(int fd, String ifname, int ifindex, int frameSize, int blockSize, int slots,
            boolean qdiscBypass, Arena arena, MemorySegment ring) {
        this.fd = fd;
        this.ifname = ifname;
        this.ifindex = ifindex;
        this.frameSize = frameSize;
        this.blockSize = blockSize;
        this.framesPerBlock = blockSize / frameSize;
        this.slots = slots;
        this.qdiscBypass = qdiscBypass;
        this.arena = arena;
        this.ring = ring;
        this.errnoSlot = Libc.allocateErrnoSlot(arena);
    }

    /**
     * Opens a TX ring of at least {@code frameCount} slots of {@code frameSize} bytes (rounded up to 16; each
     * holds a frame of up to {@code frameSize - 32} bytes) on {@code ifname}.
     *
     * @throws NativeException naming the failing step: if_nametoindex (ENODEV), socket (EPERM),
     *                         setsockopt(PACKET_TX_RING), mmap, bind
     */
    public static PacketTx open(String ifname, int frameSize, int frameCount) throws NativeException {
        Objects.requireNonNull(ifname, "ifname");
        if (frameSize < 64 + DATA_OFFSET || frameSize > 65536) {
            throw new IllegalArgumentException("TX frame size " + frameSize + " outside " + (64 + DATA_OFFSET)
                    + "..65536");
        }
        if (frameCount < 1 || frameCount > 1 << 20) {
            throw new IllegalArgumentException("TX frame count " + frameCount + " outside 1.." + (1 << 20));
        }
        int slotSize = (frameSize + 15) & ~15;
        int blockSize = (slotSize + PAGE - 1) / PAGE * PAGE;
        int perBlock = blockSize / slotSize;
        int blocks = (frameCount + perBlock - 1) / perBlock;
        int slots = blocks * perBlock;
        Arena arena = Arena.ofShared();
        int fd = -1;
        try (Arena setup = Arena.ofConfined()) {
            int ifindex = Libc.ifNameToIndex(setup, ifname);
            fd = Libc.socket(setup, Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, 0);
            setInt(setup, fd, Libc.PACKET_VERSION, "PACKET_VERSION", Libc.TPACKET_V2);
            setInt(setup, fd, Libc.PACKET_LOSS, "PACKET_LOSS", 1);
            boolean bypass = true;
            try {
                setInt(setup, fd, Libc.PACKET_QDISC_BYPASS, "PACKET_QDISC_BYPASS", 1);
            } catch (NativeException e) {
                bypass = false; // older kernels: frames go through the qdisc, which works too
            }
            MemorySegment req = setup.allocate(16, 4);
            req.set(ValueLayout.JAVA_INT, 0, blockSize);
            req.set(ValueLayout.JAVA_INT, 4, blocks);
            req.set(ValueLayout.JAVA_INT, 8, slotSize);
            req.set(ValueLayout.JAVA_INT, 12, slots);
            Libc.setsockopt(setup, fd, Libc.SOL_PACKET, Libc.PACKET_TX_RING, "PACKET_TX_RING", req);
            long size = (long) blockSize * blocks;
            long address = Libc.mmapShared(setup, fd, size, "TX ring of " + size + " bytes");
            MemorySegment ring = MemorySegment.ofAddress(address)
                    .reinterpret(size, arena, s -> Libc.munmapQuietly(address, size));
            Libc.bind(setup, fd, SockAddrs.link(setup, ifindex, 0, new byte[0]));
            return new PacketTx(fd, ifname, ifindex, slotSize, blockSize, slots, bypass, arena, ring);
        } catch (NativeException | RuntimeException e) {
            arena.close();
            if (fd >= 0) {
                Libc.closeQuietly(fd);
            }
            throw e;
        }
    }

    private static void setInt(Arena arena, int fd, int name, String label, int value) throws NativeException {
        Libc.setsockopt(arena, fd, Libc.SOL_PACKET, name, label, arena.allocateFrom(ValueLayout.JAVA_INT, value));
    }

    private long slot(int index) {
        return (long) (index / framesPerBlock) * blockSize + (long) (index % framesPerBlock) * frameSize;
    }

    /**
     * Copies {@code frame[0, length)} (Ethernet header first; pad to 60 bytes for the wire minimum) into the next
     * free slot and marks it for sending.
     *
     * @return false when the ring is full (every slot is queued or still being sent): flush and retry, or drop
     * @throws IllegalArgumentException when the length is below an Ethernet header or above {@link #maxFrame()}
     */
    public boolean queue(MemorySegment frame, int length) {
        ensureOpen();
        if (length < ETHERNET_HEADER || length > maxFrame() || length > frame.byteSize()) {
            throw new IllegalArgumentException("frame of " + length + " bytes outside " + ETHERNET_HEADER + ".."
                    + maxFrame() + " (or beyond its segment of " + frame.byteSize() + ")");
        }
        long at = slot(head);
        if ((int) INT.getAcquire(ring, at) != TP_STATUS_AVAILABLE) {
            return false;
        }
        MemorySegment.copy(frame, 0, ring, at + DATA_OFFSET, length);
        ring.set(ValueLayout.JAVA_INT, at + HDR_LEN, length);
        INT.setRelease(ring, at, TP_STATUS_SEND_REQUEST);
        if (unflushed == 0) {
            unflushedFrom = head;
        }
        unflushed++;
        head = head + 1 == slots ? 0 : head + 1;
        return true;
    }

    /**
     * Makes the kernel transmit every queued slot ({@code send(fd, NULL, 0, MSG_DONTWAIT)}).
     *
     * @return the frames the kernel took (queued since the last flush); frames it could not take yet (EAGAIN,
     *         ENOBUFS) stay queued for the next flush
     * @throws NativeException naming send, e.g. ENETDOWN, ENXIO when the interface is gone
     */
    public int flush() throws NativeException {
        ensureOpen();
        if (unflushed == 0) {
            return 0;
        }
        long r = Libc.sendKick(errnoSlot, fd);
        if (r < 0 && r != -Libc.EAGAIN && r != -Libc.ENOBUFS) {
            int errno = (int) -r;
            throw new NativeException("send(TX ring on " + ifname + ")", errno, Libc.strerror(errno));
        }
        int taken = 0;
        int index = unflushedFrom;
        while (taken < unflushed && (int) INT.getAcquire(ring, slot(index)) != TP_STATUS_SEND_REQUEST) {
            taken++;
            index = index + 1 == slots ? 0 : index + 1;
        }
        unflushed -= taken;
        unflushedFrom = index;
        return taken;
    }

    /** The largest frame a slot holds. */
    public int maxFrame() {
        return frameSize - DATA_OFFSET;
    }

    /** The ring's slots (frameCount rounded up to fill whole blocks). */
    public int capacity() {
        return slots;
    }

    /** Whether PACKET_QDISC_BYPASS is on. */
    public boolean bypassesQdisc() {
        return qdiscBypass;
    }

    public String interfaceName() {
        return ifname;
    }

    public int interfaceIndex() {
        return ifindex;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("TX ring on " + ifname + " closed");
        }
    }

    /**
     * Unmaps the ring and closes the socket (frames queued but not flushed are not sent); idempotent. From the
     * owner thread.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            arena.close();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("TX ring on " + ifname + " is in use: close it from its owner", e);
        }
        closed = true;
        Libc.closeQuietly(fd);
    }
}
