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
 * The raw downcalls of the package: socket, setsockopt, bind, sendto, recvfrom, recvmsg, poll, close, open, setns
 * and if_nametoindex, each capturing errno. Every call takes the arena its errno slot is allocated in and throws
 * {@link NativeException} (with the operation and errno) when the C function reports failure. Only this class touches {@link Linker}; its restricted
 * calls need {@code --enable-native-access} (set for the tests and in the jar's manifest).
 */
@SuppressWarnings("restricted")
final class Libc {

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int AF_NETLINK = 16;
    static final int AF_PACKET = 17;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int IPPROTO_IP = 0;
    static final int IPPROTO_ICMP = 1;
    static final int IPPROTO_IPV6 = 41;
    static final int IPPROTO_ICMPV6 = 58;
    static final int IPPROTO_VRRP = 112;
    static final int NETLINK_ROUTE = 0;
    static final int SOL_SOCKET = 1;
    static final int SOL_NETLINK = 270;
    static final int SO_RCVBUF = 8;
    static final int SO_RCVBUFFORCE = 33;
    static final int SO_BINDTODEVICE = 25;
    static final int SO_ATTACH_FILTER = 26;
    static final int IP_TTL = 2;
    static final int IP_RECVERR = 11;
    static final int IP_MULTICAST_IF = 32;
    static final int IP_MULTICAST_TTL = 33;
    static final int IP_MULTICAST_LOOP = 34;
    static final int IP_ADD_MEMBERSHIP = 35;
    static final int IP_DROP_MEMBERSHIP = 36;
    static final int IP_MULTICAST_ALL = 49;
    static final int IPV6_CHECKSUM = 7;
    static final int IPV6_UNICAST_HOPS = 16;
    static final int IPV6_MULTICAST_IF = 17;
    static final int IPV6_MULTICAST_HOPS = 18;
    static final int IPV6_MULTICAST_LOOP = 19;
    static final int IPV6_JOIN_GROUP = 20;
    static final int IPV6_LEAVE_GROUP = 21;
    static final int IPV6_RECVERR = 25;
    static final int IPV6_RECVPKTINFO = 49;
    static final int IPV6_PKTINFO = 50;
    static final int IPV6_RECVHOPLIMIT = 51;
    static final int IPV6_HOPLIMIT = 52;
    static final int NETLINK_CAP_ACK = 10;
    static final int NETLINK_EXT_ACK = 11;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_TRUNC = 0x20;
    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    static final int CLONE_NEWNET = 0x40000000;
    static final short POLLIN = 0x1;
    static final short POLLERR = 0x8;

    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int EPERM = 1;
    static final int ENODEV = 19;
    static final int ENOBUFS = 105;
    static final int EEXIST = 17;
    static final int EADDRNOTAVAIL = 99;
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
    private static final MethodHandle RECVMSG = capturing("recvmsg", FunctionDescriptor.of(LONG, INT, PTR, INT));
    private static final MethodHandle OPEN = capturing("open", FunctionDescriptor.of(INT, PTR, INT, INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle SETNS = capturing("setns", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle IF_NAMETOINDEX = capturing("if_nametoindex", FunctionDescriptor.of(INT, PTR));
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

    private static MethodHandle capturing(String name, FunctionDescriptor descriptor, Linker.Option... more) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        Linker.Option[] options = new Linker.Option[more.length + 1];
        options[0] = ERRNO_OPTION;
        System.arraycopy(more, 0, options, 1, more.length);
        return LINKER.downcallHandle(symbol, descriptor, options);
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

    /**
     * One non-blocking {@code recvmsg} into a prepared {@code struct msghdr}; returns the length, or -1 when nothing
     * is queued (EAGAIN). {@code flags} are added to MSG_DONTWAIT.
     */
    static long recvmsg(Arena arena, int fd, MemorySegment msghdr, int flags) throws NativeException {
        MemorySegment state = arena.allocate(CAPTURE);
        long r = callLong(() -> (long) RECVMSG.invokeExact(state, fd, msghdr, MSG_DONTWAIT | flags));
        if (r < 0 && errno(state) == EAGAIN) {
            return -1;
        }
        return check(r, state, "recvmsg");
    }

    /** Opens a file read-only (close-on-exec) and returns its descriptor. */
    static int openReadOnly(Arena arena, String path) throws NativeException {
        MemorySegment state = arena.allocate(CAPTURE);
        MemorySegment name = arena.allocateFrom(path);
        int r = call(() -> (int) OPEN.invokeExact(state, name, O_RDONLY | O_CLOEXEC, 0));
        return (int) check(r, state, "open(" + path + ")");
    }

    /** Moves the calling thread into the namespace behind {@code fd} ({@code setns(2)}). */
    static void setns(Arena arena, int fd, int nstype) throws NativeException {
        MemorySegment state = arena.allocate(CAPTURE);
        int r = call(() -> (int) SETNS.invokeExact(state, fd, nstype));
        check(r, state, "setns");
    }

    /** The index of the interface called {@code name} in the calling thread's network namespace. */
    static int ifNameToIndex(Arena arena, String name) throws NativeException {
        MemorySegment state = arena.allocate(CAPTURE);
        MemorySegment text = arena.allocateFrom(name);
        int r = call(() -> (int) IF_NAMETOINDEX.invokeExact(state, text));
        if (r == 0) {
            int errno = errno(state);
            throw new NativeException("if_nametoindex(" + name + ")", errno, strerror(errno));
        }
        return r;
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

    /** Closes {@code fd}, ignoring an error: the kernel releases the descriptor even when close reports one. */
    static void closeQuietly(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            close(arena, fd);
        } catch (NativeException e) {
            // released anyway
        }
    }

    // ---- packet rings (PacketRing, PacketTx, BpfProgram, Neighbours) ----

    static final int SOL_PACKET = 263;
    static final int ETH_P_ALL = 0x0003;
    static final int PACKET_RX_RING = 5;
    static final int PACKET_STATISTICS = 6;
    static final int PACKET_COPY_THRESH = 7;
    static final int PACKET_VERSION = 10;
    static final int PACKET_TX_RING = 13;
    static final int PACKET_LOSS = 14;
    static final int PACKET_FANOUT = 18;
    static final int PACKET_QDISC_BYPASS = 20;
    static final int PACKET_IGNORE_OUTGOING = 23;
    static final int TPACKET_V2 = 1;
    static final int TPACKET_V3 = 2;
    static final int PACKET_FANOUT_HASH = 0;
    static final int SIOCGIFHWADDR = 0x8927;
    static final int PROT_READ_WRITE = 0x3;
    static final int MAP_SHARED = 0x1;
    static final int EINVAL = 22;
    static final int ENOENT = 2;
    static final int SO_ERROR = 4;

    private static final MethodHandle GETSOCKOPT =
            capturing("getsockopt", FunctionDescriptor.of(INT, INT, INT, INT, PTR, PTR));
    private static final MethodHandle MMAP =
            capturing("mmap", FunctionDescriptor.of(PTR, PTR, LONG, INT, INT, INT, LONG));
    private static final MethodHandle MUNMAP = capturing("munmap", FunctionDescriptor.of(INT, PTR, LONG));
    private static final MethodHandle SEND = capturing("send", FunctionDescriptor.of(LONG, INT, PTR, LONG, INT));
    /**
     * {@code send} and {@code poll} without errno capture, for the per-frame paths: a capturing downcall slices its
     * state segment on every call (an allocation the JIT did not remove in the packet engine's loop), so the hot
     * path calls these and asks again through the capturing handle only when the call failed.
     */
    private static final MethodHandle SEND_PLAIN = plain("send", FunctionDescriptor.of(LONG, INT, PTR, LONG, INT));
    private static final MethodHandle POLL_PLAIN = plain("poll", FunctionDescriptor.of(INT, PTR, LONG, INT));

    private static MethodHandle plain(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name)), descriptor);
    }

    /** Reads a socket option into {@code value}; returns the length the kernel wrote. */
    static int getsockopt(Arena arena, int fd, int level, int name, String optionName, MemorySegment value)
            throws NativeException {
        MemorySegment state = arena.allocate(CAPTURE);
        MemorySegment length = arena.allocateFrom(INT, (int) value.byteSize());
        int r = call(() -> (int) GETSOCKOPT.invokeExact(state, fd, level, name, value, length));
        check(r, state, "getsockopt(" + optionName + ")");
        return length.get(INT, 0);
    }

    /** Maps {@code size} bytes of {@code fd} shared, readable and writable ({@code mmap}); returns the address. */
    static long mmapShared(Arena arena, int fd, long size, String what) throws NativeException {
        MemorySegment state = arena.allocate(CAPTURE);
        MemorySegment address;
        try {
            address = (MemorySegment) MMAP.invokeExact(state, MemorySegment.NULL, size, PROT_READ_WRITE,
                    MAP_SHARED, fd, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("downcall failed", t);
        }
        if (address.address() == -1L) {
            int errno = errno(state);
            throw new NativeException("mmap(" + what + ")", errno, strerror(errno));
        }
        return address.address();
    }

    /** Unmaps a region from {@link #mmapShared}, ignoring an error (nothing useful can be done about one). */
    static void munmapQuietly(long address, long size) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int ignored = call(() -> (int) MUNMAP.invokeExact(state, MemorySegment.ofAddress(address), size));
        }
    }

    /**
     * {@code send(fd, NULL, 0, MSG_DONTWAIT)}, the kick that makes the kernel transmit a TX ring's queued frames,
     * with the errno slot prepared by the caller (no allocation). Returns the bytes sent, or minus errno.
     */
    static long sendKick(MemorySegment state, int fd) {
        try {
            long r = (long) SEND_PLAIN.invokeExact(fd, MemorySegment.NULL, 0L, MSG_DONTWAIT);
            if (r >= 0) {
                return r;
            }
            // failed: kick again through the capturing handle for the errno (a kick only flushes what is queued)
            r = (long) SEND.invokeExact(state, fd, MemorySegment.NULL, 0L, MSG_DONTWAIT);
            return r < 0 ? -errno(state) : r;
        } catch (Throwable t) {
            throw new IllegalStateException("downcall failed", t);
        }
    }

    /**
     * {@code recv(fd, buffer, size, MSG_DONTWAIT | MSG_TRUNC)} with a prepared errno slot (no allocation): the
     * datagram's full length (more than the buffer when it was cut), -1 when nothing is queued, or minus errno.
     */
    static long recvWhole(MemorySegment state, int fd, MemorySegment buffer) {
        try {
            long r = (long) RECVFROM.invokeExact(state, fd, buffer, buffer.byteSize(), MSG_DONTWAIT | MSG_TRUNC,
                    MemorySegment.NULL, MemorySegment.NULL);
            if (r >= 0) {
                return r;
            }
            int errno = errno(state);
            return errno == EAGAIN ? -1 : -errno;
        } catch (Throwable t) {
            throw new IllegalStateException("downcall failed", t);
        }
    }

    /**
     * {@code getsockopt} into a prepared value and length ({@code length} holds the value's size) with a prepared
     * errno slot (no allocation): 0, or minus errno.
     */
    static int getsockoptInto(MemorySegment state, int fd, int level, int name, MemorySegment value,
                              MemorySegment length) {
        length.set(INT, 0, (int) value.byteSize());
        try {
            int r = (int) GETSOCKOPT.invokeExact(state, fd, level, name, value, length);
            return r < 0 ? -errno(state) : 0;
        } catch (Throwable t) {
            throw new IllegalStateException("downcall failed", t);
        }
    }

    /** The errno capture layout, for callers that prepare their slot once ({@link #sendKick}, {@link #pollOnce}). */
    static MemorySegment allocateErrnoSlot(Arena arena) {
        return arena.allocate(CAPTURE);
    }

    /**
     * {@code poll} on one prepared {@link #POLLFD} with a prepared errno slot (no allocation): revents, 0 on timeout
     * or EINTR.
     */
    static short pollOnce(MemorySegment state, MemorySegment pollfd, int timeoutMillis) throws NativeException {
        pollfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
        int r;
        try {
            r = (int) POLL_PLAIN.invokeExact(pollfd, 1L, timeoutMillis);
            if (r < 0) { // failed (EINTR, ...): ask again without waiting, through the capturing handle, for errno
                r = (int) POLL.invokeExact(state, pollfd, 1L, 0);
            }
        } catch (Throwable t) {
            throw new IllegalStateException("downcall failed", t);
        }
        if (r < 0) {
            int errno = errno(state);
            if (errno == EINTR) {
                return 0;
            }
            throw new NativeException("poll", errno, strerror(errno));
        }
        return r == 0 ? 0 : pollfd.get(ValueLayout.JAVA_SHORT, 6);
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

    // ---- TUN and raw IPIP (realserver decap) ----

    static final int IPPROTO_IPIP = 4;
    static final int O_RDWR = 2;
    /** {@code _IOW('T', 202, int)}: attach the descriptor to a TUN/TAP interface. */
    static final long TUNSETIFF = 0x400454caL;
    static final short IFF_TUN = 0x0001;
    static final short IFF_NO_PI = 0x1000;
    static final int IFNAMSIZ = 16;
    /** {@code struct ifreq}: the name (16 bytes) and a 24-byte union whose first member is {@code short ifr_flags}. */
    static final int IFREQ_SIZE = 40;

    private static final MethodHandle IOCTL = capturing("ioctl", FunctionDescriptor.of(INT, INT, LONG, PTR),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle WRITE = capturing("write", FunctionDescriptor.of(LONG, INT, PTR, LONG));

    /** Opens a file for reading and writing (close-on-exec) and returns its descriptor. */
    static int openReadWrite(Arena arena, String path) throws NativeException {
        MemorySegment state = arena.allocate(CAPTURE);
        MemorySegment name = arena.allocateFrom(path);
        int r = call(() -> (int) OPEN.invokeExact(state, name, O_RDWR | O_CLOEXEC, 0));
        return (int) check(r, state, "open(" + path + ")");
    }

    /** {@code ioctl(fd, request, argument)}; {@code requestName} names it in the exception. */
    static int ioctl(Arena arena, int fd, long request, String requestName, MemorySegment argument)
            throws NativeException {
        MemorySegment state = arena.allocate(CAPTURE);
        int r = call(() -> (int) IOCTL.invokeExact(state, fd, request, argument));
        return (int) check(r, state, "ioctl(" + requestName + ")");
    }

    /** {@code write(fd, data, size)}; returns the bytes written. */
    static long write(Arena arena, int fd, MemorySegment data, String operation) throws NativeException {
        MemorySegment state = arena.allocate(CAPTURE);
        long r = callLong(() -> (long) WRITE.invokeExact(state, fd, data, data.byteSize()));
        return check(r, state, operation);
    }
}
