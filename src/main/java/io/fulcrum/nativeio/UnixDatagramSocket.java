package io.fulcrum.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An {@code AF_UNIX} {@code SOCK_DGRAM} socket, which the JDK does not offer (its Unix sockets are streams only):
 * what syslog's {@code /dev/log} (and journald behind it) takes. Unbound to send; bound to a path to receive (a
 * test's syslog receiver). Thread-safe for sending; one receiver at a time.
 */
public final class UnixDatagramSocket implements AutoCloseable {

    static final int AF_UNIX = 1;
    /** {@code sizeof(struct sockaddr_un)}: the family and 108 bytes of path. */
    static final int SUN_SIZE = 110;
    /** The longest path, in bytes, leaving room for the terminating NUL. */
    public static final int MAX_PATH_BYTES = 107;

    private final int fd;
    private volatile boolean closed;

    private UnixDatagramSocket(int fd) {
        this.fd = fd;
    }

    /** An unbound socket, for {@link #send}. */
    public static UnixDatagramSocket open() throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            return new UnixDatagramSocket(Libc.socket(arena, AF_UNIX, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0));
        }
    }

    /** A socket bound to {@code path} (which must not exist), for {@link #receive}. */
    public static UnixDatagramSocket bind(Path path) throws NativeException {
        UnixDatagramSocket s = open();
        try (Arena arena = Arena.ofConfined()) {
            Libc.bind(arena, s.fd, address(arena, path));
            return s;
        } catch (NativeException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Sends one datagram to the socket at {@code path}. */
    public void send(Path path, byte[] data) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(Math.max(1, data.length));
            MemorySegment.copy(MemorySegment.ofArray(data), 0, buffer, 0, data.length);
            Libc.sendto(arena, fd, buffer.asSlice(0, data.length), address(arena, path));
        }
    }

    /** Waits up to {@code timeoutMillis} for one datagram (at most {@code max} bytes); empty when none came. */
    public Optional<byte[]> receive(int timeoutMillis, int max) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            if (Libc.poll(arena, fd, timeoutMillis) == 0) {
                return Optional.empty();
            }
            MemorySegment buffer = arena.allocate(max);
            long n = Libc.recvfrom(arena, fd, buffer, MemorySegment.NULL, MemorySegment.NULL);
            return n < 0 ? Optional.empty() : Optional.of(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    private static MemorySegment address(Arena arena, Path path) {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length == 0 || name.length > MAX_PATH_BYTES) {
            throw new IllegalArgumentException("Unix socket path " + path + " must have 1 to " + MAX_PATH_BYTES
                    + " bytes, not " + name.length);
        }
        MemorySegment sa = arena.allocate(SUN_SIZE, 2);
        sa.fill((byte) 0);
        sa.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(MemorySegment.ofArray(name), 0, sa, 2, name.length);
        return sa;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Libc.closeQuietly(fd);
        }
    }
}
