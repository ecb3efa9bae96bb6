package io.fulcrum.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Optional;

/**
 * One AF_NETLINK / NETLINK_ROUTE socket, bound with the kernel choosing the port id, optionally subscribed to
 * multicast groups, with extended acknowledgements on (the kernel's text for an error) and capped acks (the request
 * is not echoed back). Sends whole messages to the kernel and receives one datagram at a time, split into
 * messages. One thread uses it at a time.
 */
final class NetlinkSocket implements AutoCloseable {

    private static final int RECEIVE_BUFFER = 65_536;

    private final int fd;
    private volatile boolean closed;

    private NetlinkSocket(int fd) {
        this.fd = fd;
    }

    /** Opens a socket subscribed to {@code groups} (RTMGRP_* bits; 0 for requests only). */
    static NetlinkSocket open(int groups) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            int fd = Libc.socket(arena, Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.NETLINK_ROUTE);
            NetlinkSocket socket = new NetlinkSocket(fd);
            try {
                MemorySegment on = arena.allocateFrom(ValueLayout.JAVA_INT, 1);
                Libc.setsockopt(arena, fd, Libc.SOL_NETLINK, Libc.NETLINK_EXT_ACK, "NETLINK_EXT_ACK", on);
                Libc.setsockopt(arena, fd, Libc.SOL_NETLINK, Libc.NETLINK_CAP_ACK, "NETLINK_CAP_ACK", on);
                if (groups != 0) {
                    Libc.setsockopt(arena, fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, "SO_RCVBUF",
                            arena.allocateFrom(ValueLayout.JAVA_INT, 1 << 20));
                }
                Libc.bind(arena, fd, SockAddrs.netlink(arena, 0, groups));
                return socket;
            } catch (NativeException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }
    }

    void send(byte[] message) throws NativeException {
        ensureOpen();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(message.length);
            MemorySegment.copy(MemorySegment.ofArray(message), 0, data, 0, message.length);
            Libc.sendto(arena, fd, data, SockAddrs.netlink(arena, 0, 0));
        }
    }

    /**
     * Waits until {@code deadlineNanos} (System.nanoTime) for one datagram and splits it into messages.
     *
     * @return the messages, or empty when nothing arrived in time
     * @throws NativeException ENOBUFS (operation recvmsg) when the kernel dropped messages for a full buffer
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    Optional<List<NetlinkMessages.Message>> receive(long deadlineNanos, String what)
            throws NativeException, MalformedNetlinkException, InterruptedException {
        try (Arena arena = Arena.ofConfined()) {
            while (Readiness.await(arena, fd, deadlineNanos, what)) {
                Optional<List<NetlinkMessages.Message>> messages = read(arena);
                if (messages.isPresent()) {
                    return messages;
                }
            }
            return Optional.empty();
        }
    }

    /**
     * As {@link #receive}, for the kernel's answer to a request, which comes at once: an interrupt does not stop
     * the wait (the thread's interrupt status stays set).
     */
    Optional<List<NetlinkMessages.Message>> answer(long deadlineNanos)
            throws NativeException, MalformedNetlinkException {
        try (Arena arena = Arena.ofConfined()) {
            while (Readiness.awaitIgnoringInterrupts(arena, fd, deadlineNanos)) {
                Optional<List<NetlinkMessages.Message>> messages = read(arena);
                if (messages.isPresent()) {
                    return messages;
                }
            }
            return Optional.empty();
        }
    }

    private Optional<List<NetlinkMessages.Message>> read(Arena arena)
            throws NativeException, MalformedNetlinkException {
        ensureOpen();
        MemorySegment buffer = arena.allocate(RECEIVE_BUFFER);
        MessageHeader header = new MessageHeader(arena, buffer, SockAddrs.NL_SIZE, 8);
        while (true) {
            header.reset();
            long n = Libc.recvmsg(arena, fd, header.segment(), 0);
            if (n < 0) {
                return Optional.empty();
            }
            if ((header.flags() & MessageHeader.MSG_TRUNC) != 0) {
                throw new MalformedNetlinkException("netlink datagram truncated to " + n + " bytes");
            }
            if (header.name().get(ValueLayout.JAVA_INT, 4) != 0) {
                continue; // not from the kernel
            }
            byte[] data = buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
            return Optional.of(NetlinkMessages.parse(data, data.length));
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("netlink socket closed");
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
