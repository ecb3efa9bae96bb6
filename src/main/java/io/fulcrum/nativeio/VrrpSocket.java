package io.fulcrum.nativeio;

import io.fulcrum.common.IpAddress;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The VRRP (IP protocol 112) sockets of one interface and one family, shared by the instances on it. Like
 * keepalived it holds two raw sockets, both bound to the interface (SO_BINDTODEVICE):
 * <ul>
 *   <li>a send socket bound to the source address, with the multicast interface, the TTL / hop limit for
 *       multicast and unicast, multicast loop off and (IPv6) IPV6_CHECKSUM at offset 6 so the kernel computes the
 *       VRRP checksum over the pseudo-header; a drop-all socket filter keeps it from queueing what it would
 *       receive;</li>
 *   <li>a receive socket not bound to an address (an IPv4 raw socket bound to an address would see only unicast
 *       to that address), which receives only the groups {@link #join joined} on it (IP_MULTICAST_ALL /
 *       IPV6_MULTICAST_ALL off); IPv6: the kernel verifies the checksum, and the hop limit and destination come
 *       from control messages.</li>
 * </ul>
 * One thread may send while another receives. Close the socket after the receiving thread stopped (interrupt it:
 * {@link #receive} polls in short slices and stops promptly).
 */
public final class VrrpSocket implements AutoCloseable {

    private static final int RECEIVE_BUFFER = 65_536;
    private static final int CONTROL_BUFFER = 256;
    private static final int IPV6_CHECKSUM_OFFSET = 6;
    private static final int IPV6_MULTICAST_ALL = 29;

    /**
     * One received VRRP packet.
     *
     * @param source         the IP source address
     * @param destination    the IP destination address (the group for multicast adverts)
     * @param ttlOrHopLimit  the IPv4 TTL or IPv6 hop limit it arrived with (RFC 5798: must be 255); -1 when the
     *                       kernel did not report it
     * @param ipHeaderLength IPv4: the header length in bytes (IHL * 4), the VRRP message starts there; IPv6: 0
     * @param ipTotalLength  IPv4: the total length field of the header; IPv6: the VRRP message length
     * @param payload        IPv4: the whole datagram as received, header included (the header fields above are
     *                       read from it, so a parser may check them again); IPv6: the VRRP message. Owned by the
     *                       record, not copied
     */
    public record Received(IpAddress source, IpAddress destination, int ttlOrHopLimit, int ipHeaderLength,
            int ipTotalLength, byte[] payload) {

        public Received {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(payload, "payload");
        }

        /** The VRRP message: the payload after the IPv4 header, up to the total length (or what arrived). */
        public byte[] vrrpMessage() {
            int end = Math.min(payload.length, Math.max(ipHeaderLength, ipTotalLength));
            return Arrays.copyOfRange(payload, Math.min(ipHeaderLength, end), end);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Received r && source.equals(r.source) && destination.equals(r.destination)
                    && ttlOrHopLimit == r.ttlOrHopLimit && ipHeaderLength == r.ipHeaderLength
                    && ipTotalLength == r.ipTotalLength && Arrays.equals(payload, r.payload);
        }

        @Override
        public int hashCode() {
            return Objects.hash(source, destination, ttlOrHopLimit, ipHeaderLength, ipTotalLength,
                    Arrays.hashCode(payload));
        }

        @Override
        public String toString() {
            return "Received[" + source + " -> " + destination + ", ttl " + ttlOrHopLimit + ", "
                    + payload.length + " bytes]";
        }
    }

    private final boolean v6;
    private final String ifname;
    private final int ifindex;
    private final IpAddress source;
    private final int sendFd;
    private final int receiveFd;
    private volatile boolean closed;

    private VrrpSocket(boolean v6, String ifname, int ifindex, IpAddress source, int sendFd, int receiveFd) {
        this.v6 = v6;
        this.ifname = ifname;
        this.ifindex = ifindex;
        this.source = source;
        this.sendFd = sendFd;
        this.receiveFd = receiveFd;
    }

    /**
     * Opens the IPv4 sockets of {@code ifname}, sending from {@code source} with TTL {@code ttl} (255 for VRRP)
     * for multicast and unicast.
     *
     * @throws NativeException naming the failing call: if_nametoindex (ENODEV), socket (EPERM without root or
     *                         CAP_NET_RAW), bind (EADDRNOTAVAIL when the source is not on this host), setsockopt(...)
     */
    public static VrrpSocket openV4(String ifname, IpAddress source, int ttl) throws NativeException {
        return open(false, ifname, source, ttl);
    }

    /**
     * Opens the IPv6 sockets of {@code ifname}, sending from {@code linkLocalSource} (RFC 5798 wants the
     * interface's link-local address; it must not be tentative) with hop limit {@code hopLimit} (255).
     *
     * @throws NativeException as {@link #openV4}
     */
    public static VrrpSocket openV6(String ifname, IpAddress linkLocalSource, int hopLimit) throws NativeException {
        return open(true, ifname, linkLocalSource, hopLimit);
    }

    private static VrrpSocket open(boolean v6, String ifname, IpAddress source, int ttl) throws NativeException {
        Objects.requireNonNull(ifname, "ifname");
        if (source.isV6() != v6) {
            throw new IllegalArgumentException("source " + source + " is not an IPv" + (v6 ? 6 : 4) + " address");
        }
        if (ttl < 1 || ttl > 255) {
            throw new IllegalArgumentException("TTL / hop limit " + ttl + " out of range 1..255");
        }
        try (Arena arena = Arena.ofConfined()) {
            int ifindex = Libc.ifNameToIndex(arena, ifname);
            int sendFd = rawSocket(arena, v6);
            try {
                configureSend(arena, sendFd, v6, ifname, ifindex, source, ttl);
                int receiveFd = rawSocket(arena, v6);
                try {
                    configureReceive(arena, receiveFd, v6, ifname);
                    return new VrrpSocket(v6, ifname, ifindex, source, sendFd, receiveFd);
                } catch (NativeException | RuntimeException e) {
                    Libc.closeQuietly(receiveFd);
                    throw e;
                }
            } catch (NativeException | RuntimeException e) {
                Libc.closeQuietly(sendFd);
                throw e;
            }
        }
    }

    private static int rawSocket(Arena arena, boolean v6) throws NativeException {
        return Libc.socket(arena, v6 ? Libc.AF_INET6 : Libc.AF_INET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC,
                Libc.IPPROTO_VRRP);
    }

    private static void configureSend(Arena arena, int fd, boolean v6, String ifname, int ifindex, IpAddress source,
            int ttl) throws NativeException {
        Libc.setsockopt(arena, fd, Libc.SOL_SOCKET, Libc.SO_BINDTODEVICE, "SO_BINDTODEVICE",
                arena.allocateFrom(ifname));
        Libc.bind(arena, fd, SockAddrs.of(arena, source, 0, source.isLinkLocal() ? ifindex : 0));
        if (v6) {
            setInt(arena, fd, Libc.IPPROTO_IPV6, Libc.IPV6_CHECKSUM, "IPV6_CHECKSUM", IPV6_CHECKSUM_OFFSET);
            setInt(arena, fd, Libc.IPPROTO_IPV6, Libc.IPV6_MULTICAST_IF, "IPV6_MULTICAST_IF", ifindex);
            setInt(arena, fd, Libc.IPPROTO_IPV6, Libc.IPV6_MULTICAST_HOPS, "IPV6_MULTICAST_HOPS", ttl);
            setInt(arena, fd, Libc.IPPROTO_IPV6, Libc.IPV6_UNICAST_HOPS, "IPV6_UNICAST_HOPS", ttl);
            setInt(arena, fd, Libc.IPPROTO_IPV6, Libc.IPV6_MULTICAST_LOOP, "IPV6_MULTICAST_LOOP", 0);
        } else {
            Libc.setsockopt(arena, fd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_IF, "IP_MULTICAST_IF",
                    ipMreqn(arena, Optional.empty(), Optional.of(source), ifindex));
            setInt(arena, fd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_TTL, "IP_MULTICAST_TTL", ttl);
            setInt(arena, fd, Libc.IPPROTO_IP, Libc.IP_TTL, "IP_TTL", ttl);
            setInt(arena, fd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_LOOP, "IP_MULTICAST_LOOP", 0);
        }
        Libc.setsockopt(arena, fd, Libc.SOL_SOCKET, Libc.SO_ATTACH_FILTER, "SO_ATTACH_FILTER", dropAll(arena));
    }

    private static void configureReceive(Arena arena, int fd, boolean v6, String ifname) throws NativeException {
        Libc.setsockopt(arena, fd, Libc.SOL_SOCKET, Libc.SO_BINDTODEVICE, "SO_BINDTODEVICE",
                arena.allocateFrom(ifname));
        if (v6) {
            setInt(arena, fd, Libc.IPPROTO_IPV6, Libc.IPV6_CHECKSUM, "IPV6_CHECKSUM", IPV6_CHECKSUM_OFFSET);
            setInt(arena, fd, Libc.IPPROTO_IPV6, IPV6_MULTICAST_ALL, "IPV6_MULTICAST_ALL", 0);
            setInt(arena, fd, Libc.IPPROTO_IPV6, Libc.IPV6_RECVHOPLIMIT, "IPV6_RECVHOPLIMIT", 1);
            setInt(arena, fd, Libc.IPPROTO_IPV6, Libc.IPV6_RECVPKTINFO, "IPV6_RECVPKTINFO", 1);
        } else {
            setInt(arena, fd, Libc.IPPROTO_IP, Libc.IP_MULTICAST_ALL, "IP_MULTICAST_ALL", 0);
        }
    }

    private static void setInt(Arena arena, int fd, int level, int name, String label, int value)
            throws NativeException {
        Libc.setsockopt(arena, fd, level, name, label, arena.allocateFrom(ValueLayout.JAVA_INT, value));
    }

    /** {@code struct ip_mreqn}: the group, the local address, the interface index (12 bytes). */
    private static MemorySegment ipMreqn(Arena arena, Optional<IpAddress> group, Optional<IpAddress> local,
            int ifindex) {
        MemorySegment m = arena.allocate(12, 4);
        m.fill((byte) 0);
        group.ifPresent(g -> MemorySegment.copy(MemorySegment.ofArray(g.bytes()), 0, m, 0, 4));
        local.ifPresent(l -> MemorySegment.copy(MemorySegment.ofArray(l.bytes()), 0, m, 4, 4));
        m.set(ValueLayout.JAVA_INT, 8, ifindex);
        return m;
    }

    /** {@code struct ipv6_mreq}: the group and the interface index (20 bytes). */
    private static MemorySegment ipv6Mreq(Arena arena, IpAddress group, int ifindex) {
        MemorySegment m = arena.allocate(20, 4);
        MemorySegment.copy(MemorySegment.ofArray(group.bytes()), 0, m, 0, 16);
        m.set(ValueLayout.JAVA_INT, 16, ifindex);
        return m;
    }

    /** A classic BPF program of one instruction, {@code ret #0}: the socket queues nothing. */
    private static MemorySegment dropAll(Arena arena) {
        MemorySegment instruction = arena.allocate(8, 4);
        instruction.fill((byte) 0);
        instruction.set(ValueLayout.JAVA_SHORT, 0, (short) 0x06);
        MemorySegment program = arena.allocate(16, 8);
        program.fill((byte) 0);
        program.set(ValueLayout.JAVA_SHORT, 0, (short) 1);
        program.set(ValueLayout.ADDRESS, 8, instruction);
        return program;
    }

    public boolean isV6() {
        return v6;
    }

    public String interfaceName() {
        return ifname;
    }

    public int interfaceIndex() {
        return ifindex;
    }

    public IpAddress source() {
        return source;
    }

    /** Joins a multicast group on the interface (IP_ADD_MEMBERSHIP / IPV6_JOIN_GROUP) for the receive socket. */
    public void join(IpAddress group) throws NativeException {
        membership(group, true);
    }

    /** Leaves a group joined by {@link #join}. */
    public void leave(IpAddress group) throws NativeException {
        membership(group, false);
    }

    private void membership(IpAddress group, boolean join) throws NativeException {
        checkFamily(group);
        if (!group.isMulticast()) {
            throw new IllegalArgumentException(group + " is not a multicast group");
        }
        ensureOpen();
        try (Arena arena = Arena.ofConfined()) {
            if (v6) {
                Libc.setsockopt(arena, receiveFd, Libc.IPPROTO_IPV6,
                        join ? Libc.IPV6_JOIN_GROUP : Libc.IPV6_LEAVE_GROUP,
                        (join ? "IPV6_JOIN_GROUP " : "IPV6_LEAVE_GROUP ") + group + " dev " + ifname,
                        ipv6Mreq(arena, group, ifindex));
            } else {
                Libc.setsockopt(arena, receiveFd, Libc.IPPROTO_IP,
                        join ? Libc.IP_ADD_MEMBERSHIP : Libc.IP_DROP_MEMBERSHIP,
                        (join ? "IP_ADD_MEMBERSHIP " : "IP_DROP_MEMBERSHIP ") + group + " dev " + ifname,
                        ipMreqn(arena, Optional.of(group), Optional.empty(), ifindex));
            }
        }
    }

    /**
     * Sends one VRRP message to {@code destination} (the group, or a unicast peer). The kernel builds the IP
     * header (protocol 112, the configured TTL / hop limit, the bound source); for IPv6 it also fills the checksum.
     */
    public void send(byte[] vrrpMessage, IpAddress destination) throws NativeException {
        checkFamily(destination);
        ensureOpen();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(Math.max(1, vrrpMessage.length));
            MemorySegment.copy(MemorySegment.ofArray(vrrpMessage), 0, data, 0, vrrpMessage.length);
            MemorySegment to = SockAddrs.of(arena, destination, 0, destination.isLinkLocal() ? ifindex : 0);
            Libc.sendto(arena, sendFd, data.asSlice(0, vrrpMessage.length), to);
        }
    }

    /**
     * Waits up to {@code maxWait} for one packet. IPv4 datagrams whose header does not fit what arrived and
     * truncated IPv6 messages are skipped.
     *
     * @return the packet, or empty when none arrived in time
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    public Optional<Received> receive(Duration maxWait) throws NativeException, InterruptedException {
        ensureOpen();
        long deadline = System.nanoTime() + maxWait.toNanos();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(RECEIVE_BUFFER);
            MessageHeader header = new MessageHeader(arena, buffer, SockAddrs.IN6_SIZE, CONTROL_BUFFER);
            while (Readiness.await(arena, receiveFd, deadline, "VRRP receive on " + ifname)) {
                while (true) {
                    header.reset();
                    long n = Libc.recvmsg(arena, receiveFd, header.segment(), 0);
                    if (n < 0) {
                        break;
                    }
                    Optional<Received> r = v6 ? decodeV6(header, n) : decodeV4(buffer, n);
                    if (r.isPresent()) {
                        return r;
                    }
                }
            }
            return Optional.empty();
        }
    }

    private static Optional<Received> decodeV4(MemorySegment buffer, long n) {
        if (n < 20) {
            return Optional.empty();
        }
        byte[] datagram = buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        int headerLength = (datagram[0] & 0x0f) * 4;
        if ((datagram[0] & 0xf0) != 0x40 || headerLength < 20 || headerLength > n) {
            return Optional.empty();
        }
        int totalLength = ((datagram[2] & 0xff) << 8) | (datagram[3] & 0xff);
        return Optional.of(new Received(IpAddress.ofBytes(Arrays.copyOfRange(datagram, 12, 16)),
                IpAddress.ofBytes(Arrays.copyOfRange(datagram, 16, 20)), datagram[8] & 0xff, headerLength,
                totalLength, datagram));
    }

    private Optional<Received> decodeV6(MessageHeader header, long n) {
        if ((header.flags() & MessageHeader.MSG_TRUNC) != 0) {
            return Optional.empty();
        }
        Optional<IpAddress> from = SockAddrs.address(header.name());
        if (from.isEmpty()) {
            return Optional.empty();
        }
        int hopLimit = -1;
        IpAddress to = null;
        for (MessageHeader.ControlMessage c : header.controlMessages()) {
            if (c.level() != Libc.IPPROTO_IPV6) {
                continue;
            }
            if (c.type() == Libc.IPV6_HOPLIMIT && c.data().byteSize() >= 4) {
                hopLimit = c.data().get(ValueLayout.JAVA_INT_UNALIGNED, 0);
            } else if (c.type() == Libc.IPV6_PKTINFO && c.data().byteSize() >= 20) {
                to = IpAddress.ofBytes(c.data().asSlice(0, 16).toArray(ValueLayout.JAVA_BYTE));
            }
        }
        if (to == null) {
            return Optional.empty();
        }
        byte[] message = header.buffer().asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        return Optional.of(new Received(from.get(), to, hopLimit, 0, message.length, message));
    }

    private void checkFamily(IpAddress address) {
        if (address.isV6() != v6) {
            throw new IllegalArgumentException(address + " is not of the socket's family");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("VRRP socket on " + ifname + " closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Libc.closeQuietly(sendFd);
        Libc.closeQuietly(receiveFd);
    }
}
