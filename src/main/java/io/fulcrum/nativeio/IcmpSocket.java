package io.fulcrum.nativeio;

import io.fulcrum.common.IpAddress;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One ICMP (or ICMPv6) socket that sends echo requests and waits for the matching reply. Opened as an
 * unprivileged ping socket or as a raw socket ({@link IcmpMode}), optionally bound to a source address and to an
 * interface (SO_BINDTODEVICE). The descriptor is closed by {@link #close()}; every buffer lives in an arena closed
 * before the call returns. Waiting polls in short slices so that an interrupted thread stops promptly. One thread
 * uses a socket at a time.
 */
public final class IcmpSocket implements AutoCloseable {

    private static final int POLL_SLICE_MILLIS = 50;
    private static final int RECEIVE_BUFFER = 1500;

    private final int fd;
    private final boolean v6;
    private final IcmpMode mode;
    private final int id;
    private final long token;
    private boolean closed;

    private IcmpSocket(int fd, boolean v6, IcmpMode mode) {
        this.fd = fd;
        this.v6 = v6;
        this.mode = mode;
        this.id = ThreadLocalRandom.current().nextInt(1, 0x10000);
        this.token = ThreadLocalRandom.current().nextLong();
    }

    /**
     * Opens a socket of the given family and mode, bound to {@code bindTo} (same family) and to the interface
     * {@code bindIf} when given.
     *
     * @throws NativeException naming the failing call: socket (EACCES for a ping socket outside ping_group_range,
     *                         EPERM for a raw socket without CAP_NET_RAW), setsockopt(SO_BINDTODEVICE) (ENODEV for
     *                         an unknown interface), bind (EADDRNOTAVAIL for an address not on this host)
     */
    public static IcmpSocket open(boolean v6, IcmpMode mode, Optional<IpAddress> bindTo, Optional<String> bindIf)
            throws NativeException {
        Objects.requireNonNull(mode, "mode");
        if (bindTo.isPresent() && bindTo.get().isV6() != v6) {
            throw new IllegalArgumentException("bindto " + bindTo.get() + " is not of the socket's family");
        }
        try (Arena arena = Arena.ofConfined()) {
            int type = (mode == IcmpMode.PING ? Libc.SOCK_DGRAM : Libc.SOCK_RAW) | Libc.SOCK_CLOEXEC;
            int fd = Libc.socket(arena, v6 ? Libc.AF_INET6 : Libc.AF_INET, type,
                    v6 ? Libc.IPPROTO_ICMPV6 : Libc.IPPROTO_ICMP);
            IcmpSocket socket = new IcmpSocket(fd, v6, mode);
            try {
                socket.configure(arena, bindTo, bindIf);
                return socket;
            } catch (NativeException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }
    }

    /** Opens a ping socket, or a raw socket when ping sockets are refused (EACCES/EPERM/EPROTONOSUPPORT). */
    public static IcmpSocket open(boolean v6, Optional<IpAddress> bindTo, Optional<String> bindIf)
            throws NativeException {
        try {
            return open(v6, IcmpMode.PING, bindTo, bindIf);
        } catch (NativeException e) {
            if (!e.operation().equals("socket") || !isPermissionOrSupport(e.errno())) {
                throw e;
            }
            return open(v6, IcmpMode.RAW, bindTo, bindIf);
        }
    }

    static boolean isPermissionOrSupport(int errno) {
        return errno == Libc.EACCES || errno == Libc.EPERM || errno == Libc.EPROTONOSUPPORT
                || errno == Libc.EAFNOSUPPORT;
    }

    private void configure(Arena arena, Optional<IpAddress> bindTo, Optional<String> bindIf) throws NativeException {
        MemorySegment on = arena.allocateFrom(ValueLayout.JAVA_INT, 1);
        if (v6) {
            Libc.setsockopt(arena, fd, Libc.IPPROTO_IPV6, Libc.IPV6_RECVERR, "IPV6_RECVERR", on);
        } else {
            Libc.setsockopt(arena, fd, Libc.IPPROTO_IP, Libc.IP_RECVERR, "IP_RECVERR", on);
        }
        if (bindIf.isPresent()) {
            MemorySegment name = arena.allocateFrom(bindIf.get());
            Libc.setsockopt(arena, fd, Libc.SOL_SOCKET, Libc.SO_BINDTODEVICE, "SO_BINDTODEVICE", name);
        }
        if (bindTo.isPresent()) {
            Libc.bind(arena, fd, SockAddrs.of(arena, bindTo.get(), 0));
        }
    }

    public IcmpMode mode() {
        return mode;
    }

    public boolean isV6() {
        return v6;
    }

    /**
     * Sends one echo request with sequence number {@code seq} to {@code to} and waits up to {@code timeout} for its
     * reply. A failing send or an error the kernel reports on the socket (an ICMP unreachable for this request) is
     * an {@link EchoResult.Error}; other ICMP traffic seen on a raw socket is skipped.
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    public EchoResult echo(IpAddress to, int seq, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        try {
            send(to, seq);
        } catch (NativeException e) {
            return new EchoResult.Error(e.reason());
        }
        return await(to, seq, start, timeout);
    }

    /** Sends one echo request (without waiting). */
    void send(IpAddress to, int seq) throws NativeException {
        if (to.isV6() != v6) {
            throw new IllegalArgumentException(to + " is not of the socket's family");
        }
        ensureOpen();
        try (Arena arena = Arena.ofConfined()) {
            byte[] request = IcmpCodec.echoRequest(v6, id, seq & 0xffff, token);
            MemorySegment data = arena.allocate(request.length);
            MemorySegment.copy(MemorySegment.ofArray(request), 0, data, 0, request.length);
            Libc.sendto(arena, fd, data, SockAddrs.of(arena, to, 0));
        }
    }

    /** Waits until {@code start + timeout} (System.nanoTime based) for the reply to request {@code seq}. */
    EchoResult await(IpAddress to, int seq, long start, Duration timeout) throws InterruptedException {
        ensureOpen();
        long deadline = start + timeout.toNanos();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(RECEIVE_BUFFER);
            MemorySegment from = SockAddrs.any(arena);
            MemorySegment fromLen = arena.allocate(ValueLayout.JAVA_INT);
            while (true) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("ICMP echo to " + to + " interrupted");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return new EchoResult.NoReply();
                }
                int slice = (int) Math.min(POLL_SLICE_MILLIS, Math.max(1, left / 1_000_000));
                short events = Libc.poll(arena, fd, slice);
                if (events == 0) {
                    continue;
                }
                Optional<EchoResult> result = receiveAll(arena, buffer, from, fromLen, to, seq, start);
                if (result.isPresent()) {
                    return result.get();
                }
            }
        } catch (NativeException e) {
            return new EchoResult.Error(e.reason());
        }
    }

    private Optional<EchoResult> receiveAll(Arena arena, MemorySegment buffer, MemorySegment from,
            MemorySegment fromLen, IpAddress to, int seq, long start) throws NativeException {
        while (true) {
            fromLen.set(ValueLayout.JAVA_INT, 0, (int) from.byteSize());
            long n = Libc.recvfrom(arena, fd, buffer, from, fromLen);
            if (n < 0) {
                return Optional.empty();
            }
            if (mode == IcmpMode.RAW && !SockAddrs.address(from).map(to::equals).orElse(false)
                    && !isErrorType(buffer, n)) {
                continue;
            }
            byte[] packet = buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
            Optional<EchoResult> result = match(IcmpCodec.parse(packet, (int) n, v6, mode == IcmpMode.RAW && !v6),
                    seq, start);
            if (result.isPresent()) {
                return result;
            }
        }
    }

    /** Whether a packet from another address is an ICMP error (which comes from a router, not the target). */
    private boolean isErrorType(MemorySegment buffer, long length) {
        int at = v6 ? 0 : (buffer.get(ValueLayout.JAVA_BYTE, 0) & 0x0f) * 4;
        if (at >= length) {
            return false;
        }
        int type = buffer.get(ValueLayout.JAVA_BYTE, at) & 0xff;
        return v6 ? type == 1 || type == 3 : type == 3 || type == 11;
    }

    private Optional<EchoResult> match(IcmpCodec.Message message, int seq, long start) {
        return switch (message) {
            case IcmpCodec.Message.EchoReply r when r.seq() == (seq & 0xffff) && r.token() == token
                    && (mode == IcmpMode.PING || r.id() == id) ->
                    Optional.of(new EchoResult.Reply(Duration.ofNanos(System.nanoTime() - start)));
            case IcmpCodec.Message.EchoReply r -> Optional.empty();
            case IcmpCodec.Message.Unreachable u when u.seq() == (seq & 0xffff)
                    && (mode == IcmpMode.PING || u.id() == id) -> Optional.of(new EchoResult.Error(u.reason()));
            case IcmpCodec.Message.Unreachable u -> Optional.empty();
            case IcmpCodec.Message.Other o -> Optional.empty();
            case IcmpCodec.Message.Malformed m -> Optional.empty();
        };
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("ICMP socket closed");
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
