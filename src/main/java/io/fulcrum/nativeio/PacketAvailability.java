package io.fulcrum.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.util.Optional;

/**
 * Whether this process can use AF_PACKET rings ({@link PacketRing}, {@link PacketTx}): found by opening a packet
 * socket and setting up, mapping and dropping a one-block TPACKET_V3 ring with PACKET_IGNORE_OUTGOING, in the
 * calling thread's network namespace.
 */
public final class PacketAvailability {

    private PacketAvailability() {
    }

    /** Why packet rings cannot be used here, e.g. {@code ... needs root or CAP_NET_RAW}; empty when they can. */
    public static Optional<String> probe() {
        try (Arena arena = Arena.ofConfined()) {
            int fd;
            try {
                fd = Libc.socket(arena, Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, 0);
            } catch (NativeException e) {
                return Optional.of("AF_PACKET socket refused (" + e.getMessage() + ")" + socketHint(e.errno()));
            }
            try {
                set(arena, fd, Libc.PACKET_VERSION, "PACKET_VERSION", Libc.TPACKET_V3);
                set(arena, fd, Libc.PACKET_IGNORE_OUTGOING, "PACKET_IGNORE_OUTGOING", 1);
                Libc.setsockopt(arena, fd, Libc.SOL_PACKET, Libc.PACKET_RX_RING, "PACKET_RX_RING",
                        arena.allocateFrom(ValueLayout.JAVA_INT, 4096, 1, 2048, 2, 1, 0, 0));
                long address = Libc.mmapShared(arena, fd, 4096, "probe ring");
                Libc.munmapQuietly(address, 4096);
                return Optional.empty();
            } catch (NativeException e) {
                return Optional.of("packet ring setup failed (" + e.getMessage() + "): the kernel lacks TPACKET_V3"
                        + " rings or PACKET_IGNORE_OUTGOING (Linux 4.20 and later have both)");
            } finally {
                Libc.closeQuietly(fd);
            }
        }
    }

    private static void set(Arena arena, int fd, int name, String label, int value) throws NativeException {
        Libc.setsockopt(arena, fd, Libc.SOL_PACKET, name, label, arena.allocateFrom(ValueLayout.JAVA_INT, value));
    }

    static String socketHint(int errno) {
        if (errno == Libc.EPERM || errno == Libc.EACCES) {
            return ": needs root or CAP_NET_RAW";
        }
        if (errno == Libc.EAFNOSUPPORT) {
            return ": the kernel has no AF_PACKET sockets (CONFIG_PACKET)";
        }
        return "";
    }
}
