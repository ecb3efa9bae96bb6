package io.fulcrum.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A layer-3 TUN interface this process owns: {@code /dev/net/tun} attached with {@code TUNSETIFF} (IFF_TUN |
 * IFF_NO_PI, so every write is one bare IPv4 or IPv6 packet, its family read from the version nibble). A packet
 * written here enters the kernel as if it had arrived on the interface. The interface is created in the network
 * namespace of the calling thread and is not persistent: it disappears when {@link #close()} closes the descriptor
 * (or the process ends). Needs CAP_NET_ADMIN. Bring it up with {@link Rtnetlink#setLinkUp}.
 */
public final class TunDevice implements AutoCloseable {

    /** Where the TUN/TAP driver is opened. */
    public static final String CLONE_DEVICE = "/dev/net/tun";

    private final int fd;
    private final String name;
    private boolean closed;

    private TunDevice(int fd, String name) {
        this.fd = fd;
        this.name = name;
    }

    /**
     * Creates the interface {@code name} (at most 15 bytes; an existing non-persistent TUN of that name owned by a
     * live process makes this fail with EBUSY).
     *
     * @throws NativeException naming the failing call: {@code open(/dev/net/tun)} (ENOENT when the driver is
     *                         missing), {@code ioctl(TUNSETIFF <name>)} (EPERM without CAP_NET_ADMIN, EBUSY when
     *                         taken, EINVAL for a name the kernel refuses)
     */
    public static TunDevice open(String name) throws NativeException {
        Objects.requireNonNull(name, "name");
        byte[] raw = name.getBytes(StandardCharsets.UTF_8);
        if (raw.length == 0 || raw.length >= Libc.IFNAMSIZ || name.contains("/") || name.contains("\0")) {
            throw new IllegalArgumentException("interface name '" + name + "' is not 1 to 15 bytes without '/'");
        }
        try (Arena arena = Arena.ofConfined()) {
            int fd = Libc.openReadWrite(arena, CLONE_DEVICE);
            try {
                MemorySegment ifreq = arena.allocate(Libc.IFREQ_SIZE, 8);
                ifreq.fill((byte) 0);
                MemorySegment.copy(MemorySegment.ofArray(raw), 0, ifreq, 0, raw.length);
                ifreq.set(ValueLayout.JAVA_SHORT, Libc.IFNAMSIZ, (short) (Libc.IFF_TUN | Libc.IFF_NO_PI));
                Libc.ioctl(arena, fd, Libc.TUNSETIFF, "TUNSETIFF " + name, ifreq);
                return new TunDevice(fd, ifreq.getString(0));
            } catch (NativeException | RuntimeException e) {
                Libc.closeQuietly(fd);
                throw e;
            }
        }
    }

    /** The interface's name, as the kernel gave it. */
    public String name() {
        return name;
    }

    /**
     * Hands one IP packet ({@code length} bytes of {@code packet} from {@code offset}) to the kernel as received on
     * this interface.
     *
     * @throws NativeException {@code write(<name>)} with errno: EIO while the interface is down, EINVAL for a packet
     *                         the driver refuses, ...
     */
    public void write(byte[] packet, int offset, int length) throws NativeException {
        Objects.checkFromIndexSize(offset, length, packet.length);
        if (closed) {
            throw new IllegalStateException("TUN device " + name + " closed");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(Math.max(1, length));
            MemorySegment.copy(MemorySegment.ofArray(packet), offset, data, 0, length);
            Libc.write(arena, fd, data.asSlice(0, length), "write(" + name + ")");
        }
    }

    /** Closes the descriptor, and with it the interface. Safe to call twice. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Libc.closeQuietly(fd);
    }
}
