package io.fulcrum.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The raw downcalls of the package: socket, setsockopt, bind, sendto, recvfrom, poll and close, each capturing
 * errno. Every call takes the arena its errno slot is allocated in and throws {@link NativeException} (with the
 * operation and errno) when the C function reports failure. Only this class touches {@link Linker}; its restricted
 * calls need {@code --enable-native-access} (set for the tests and in the jar's manifest).
 */
@SuppressWarnings("restricted")
final class Libc {

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int IPPROTO_IP = 0;
    static final int IPPROTO_ICMP = 1;
    static final int IPPROTO_IPV6 = 41;
    static final int IPPROTO_ICMPV6 = 58;
    static final int SOL_SOCKET = 1;
    static final int SO_BINDTODEVICE = 25;
    static final int IP_RECVERR = 11;
    static final int IPV6_RECVERR = 25;
    static final int MSG_DONTWAIT = 0x40;
    static final short POLLIN = 0x1;
    static final short POLLERR = 0x8;

    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int EPERM = 1;
    static final int EPROTONOSUPPORT = 93;
    static final int EAFNOSUPPORT = 97;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout PTR = ValueLayout.ADDRESS;

    private static final MethodHandle SOCKET = capturing("socket", FunctionDescriptor.of(INT, INT, INT, INT));
    private static final MethodHandle SETSOCKOPT =
            capturing("setsockopt", FunctionDescriptor.of(INT, INT, INT, INT, PTR, INT));
    private static final MethodHandle BIND = capturing("bind", FunctionDescriptor.of(INT, INT, PTR, INT));
    private static final MethodHandle SENDTO =
            capturing("sendto", FunctionDescriptor.of(LONG, INT, PTR, LONG, INT, PTR, INT));
    private static final MethodHandle RECVFROM =
            capturing("recvfrom", FunctionDescriptor.of(LONG, INT, PTR, LONG, INT, PTR, PTR));
    private static final MethodHandle POLL = capturing("poll", FunctionDescriptor.of(INT, PTR, LONG, INT));
    private static final MethodHandle CLOSE = capturing("close", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
            LINKER.defaultLookup().find("strerror").orElseThrow(), FunctionDescriptor.of(PTR, INT));

    /** {@code struct pollfd}: int fd, short events, short revents. */
    static final StructLayout POLLFD = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("fd"), ValueLayout.JAVA_SHORT.withName("events"),
            ValueLayout.JAVA_SHORT.withName("revents"));

    private Libc() {
    }

    private static MethodHandle capturing(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, ERRNO_OPTION);
    }

    /** The C library's text for an errno value ({@code strerror}). */
    static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.equals(MemorySegment.NULL) ? "errno " + errno : text.reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw new IllegalStateException("strerror failed", t);
        }
    }

    static int socket(Arena arena, int domain, int type, int protocol) throws NativeException {
        MemorySegment state = arena.allocate(CAPTURE);
        int fd = call(() -> (int) SOCKET.invokeExact(state, domain, type, protocol));
        return (int) check(fd, state, "socket");
    }

    static void setsockopt(Arena arena, int fd, int level, int name, String optionName, MemorySegment value)
            throws NativeException {
        MemorySegment state = arena.allocate(CAPTURE);
        int r = call(() -> (int) SETSOCKOPT.invokeExact(state, fd, level, name, value, (int) value.byteSize()));
        check(r, state, "setsockopt(" + optionName + ")");
    }

    static void bind(Arena arena, int fd, MemorySegment address) throws NativeException {
        MemorySegment state = arena.allocate(CAPTURE);
        int r = call(() -> (int) BIND.invokeExact(state, fd, address, (int) address.byteSize()));
        check(r, state, "bind");
    }

    static long sendto(Arena arena, int fd, MemorySegment data, MemorySegment to) throws NativeException {
        MemorySegment state = arena.allocate(CAPTURE);
        long r = callLong(() -> (long) SENDTO.invokeExact(state, fd, data, data.byteSize(), 0, to,
                (int) to.byteSize()));
        return check(r, state, "sendto");
    }

    /** One non-blocking receive; returns the length, or -1 when nothing is queued (EAGAIN). */
    static long recvfrom(Arena arena, int fd, MemorySegment buffer, MemorySegment from, MemorySegment fromLen)
            throws NativeException {
        MemorySegment state = arena.allocate(CAPTURE);
        long r = callLong(() -> (long) RECVFROM.invokeExact(state, fd, buffer, buffer.byteSize(), MSG_DONTWAIT,
                from, fromLen));
        if (r < 0 && errno(state) == EAGAIN) {
            return -1;
        }
        return check(r, state, "recvfrom");
    }

    /** Waits up to {@code timeoutMillis} for input or an error on {@code fd}; returns revents (0 on timeout). */
    static short poll(Arena arena, int fd, int timeoutMillis) throws NativeException {
        MemorySegment state = arena.allocate(CAPTURE);
        MemorySegment pfd = arena.allocate(POLLFD);
        pfd.set(ValueLayout.JAVA_INT, 0, fd);
        pfd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
        int r = call(() -> (int) POLL.invokeExact(state, pfd, 1L, timeoutMillis));
        if (r < 0 && errno(state) == EINTR) {
            return 0;
        }
        check(r, state, "poll");
        return r == 0 ? 0 : pfd.get(ValueLayout.JAVA_SHORT, 6);
    }

    static void close(Arena arena, int fd) throws NativeException {
        MemorySegment state = arena.allocate(CAPTURE);
        int r = call(() -> (int) CLOSE.invokeExact(state, fd));
        check(r, state, "close");
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static long check(long result, MemorySegment state, String operation) throws NativeException {
        if (result < 0) {
            int errno = errno(state);
            throw new NativeException(operation, errno, strerror(errno));
        }
        return result;
    }

    private interface IntCall {
        int run() throws Throwable;
    }

    private interface LongCall {
        long run() throws Throwable;
    }

    private static int call(IntCall c) {
        try {
            return c.run();
        } catch (Throwable t) {
            throw new IllegalStateException("downcall failed", t);
        }
    }

    private static long callLong(LongCall c) {
        try {
            return c.run();
        } catch (Throwable t) {
            throw new IllegalStateException("downcall failed", t);
        }
    }
}
