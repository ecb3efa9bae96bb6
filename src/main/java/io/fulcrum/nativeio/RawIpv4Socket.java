package io.fulcrum.nativeio;

import io.fulcrum.common.IpAddress;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * A raw IPv4 socket for one IP protocol ({@code socket(AF_INET, SOCK_RAW, protocol)}): it receives a copy of every
 * packet of that protocol addressed to this host (in the network namespace it was opened in), from the IPv4 header
 * on, after the kernel has checked the header and reassembled fragments; sending lets the kernel write the IPv4
 * header (no IP_HDRINCL), so the payload is all the caller gives. For protocol 4 (IPIP) a received packet is the
 * outer header followed by the whole inner packet, and a sent payload is the inner packet. Needs CAP_NET_RAW. One
 * thread uses and closes a socket (a receive waits at most its timeout, so a loop can check a stop flag).
 */
public final class RawIpv4Socket implements AutoCloseable {

    /** IPPROTO_IPIP: IPv4 in IPv4 (RFC 2003), what LVS TUN forwarding sends. */
    public static final int IPIP = Libc.IPPROTO_IPIP;

    private final int fd;
    private final int protocol;
    private boolean closed;

    private RawIpv4Socket(int fd, int protocol) {
        this.fd = fd;
        this.protocol = protocol;
    }

    /**
     * Opens a raw socket for {@code protocol} (1..254) in the calling thread's network namespace.
     *
     * @throws NativeException {@code socket} with EPERM without CAP_NET_RAW
     */
    public static RawIpv4Socket open(int protocol) throws NativeException {
        if (protocol < 1 || protocol > 254) {
            throw new IllegalArgumentException("IP protocol " + protocol + " out of range 1..254");
        }
        try (Arena arena = Arena.ofConfined()) {
            int fd = Libc.socket(arena, Libc.AF_INET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, protocol);
            return new RawIpv4Socket(fd, protocol);
        }
    }

    /** The IP protocol number the socket carries. */
    public int protocol() {
        return protocol;
    }

    /**
     * Waits up to {@code timeoutMillis} for a packet and copies it (IPv4 header included) into {@code buffer};
     * returns its length (a packet longer than the buffer is cut to it), or -1 when none came in time or the wait
     * was interrupted by a signal.
     *
     * @throws NativeException {@code poll} or {@code recvfrom} with errno
     */
    public int receive(byte[] buffer, int timeoutMillis) throws NativeException {
        ensureOpen();
        try (Arena arena = Arena.ofConfined()) {
            if (Libc.poll(arena, fd, timeoutMillis) == 0) {
                return -1;
            }
            MemorySegment data = arena.allocate(Math.max(1, buffer.length));
            MemorySegment from = SockAddrs.any(arena);
            MemorySegment fromLen = arena.allocateFrom(ValueLayout.JAVA_INT, (int) from.byteSize());
            long n = Libc.recvfrom(arena, fd, data, from, fromLen);
            if (n < 0) {
                return -1;
            }
            int length = (int) Math.min(n, buffer.length);
            MemorySegment.copy(data, 0, MemorySegment.ofArray(buffer), 0, length);
            return length;
        }
    }

    /**
     * Sends {@code length} bytes of {@code payload} from {@code offset} to {@code to} (IPv4), behind an IPv4 header
     * the kernel writes (source chosen by routing, protocol this socket's).
     *
     * @throws NativeException {@code sendto} with errno (ENETUNREACH without a route, EMSGSIZE, ...)
     */
    public void send(IpAddress to, byte[] payload, int offset, int length) throws NativeException {
        Objects.requireNonNull(to, "to");
        if (!to.isV4()) {
            throw new IllegalArgumentException(to + " is not an IPv4 address");
        }
        Objects.checkFromIndexSize(offset, length, payload.length);
        ensureOpen();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(Math.max(1, length));
            MemorySegment.copy(MemorySegment.ofArray(payload), offset, data, 0, length);
            Libc.sendto(arena, fd, data.asSlice(0, length), SockAddrs.of(arena, to, 0));
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("raw socket (protocol " + protocol + ") closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Libc.closeQuietly(fd);
    }
}
