package io.fulcrum.nativeio;

import io.fulcrum.common.IpAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The neighbour table (ARP for IPv4, NDP for IPv6) through rtnetlink, in the network namespace of the thread that
 * opens it: the MAC a forwarder needs to address a frame to a next hop, and a way to have the kernel resolve one.
 * {@link #resolve} sends RTM_NEWNEIGH with NTF_USE (and NLM_F_CREATE): the kernel creates the entry when missing
 * and treats it as a send would, so it sends an ARP request / neighbour solicitation and the answer fills the
 * entry; no packet of ours goes to the peer. One thread uses an instance at a time.
 */
public final class Neighbours implements AutoCloseable {

    static final int RTM_NEWNEIGH = 28;
    static final int RTM_GETNEIGH = 30;
    static final int NDMSG = 12;
    static final int NDA_DST = 1;
    static final int NDA_LLADDR = 2;
    static final int NTF_USE = 0x01;
    /** NUD_VALID: PERMANENT, NOARP, REACHABLE, PROBE, STALE, DELAY (the states whose MAC the kernel uses). */
    static final int NUD_VALID = 0x80 | 0x40 | 0x02 | 0x10 | 0x04 | 0x08;

    private static final long ANSWER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int ETIMEDOUT = 110;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /** One entry as the kernel reported it: its NUD state bits and MAC (empty when it has none yet). */
    record Entry(int ifindex, int state, OptionalLong mac) {
    }

    private final NetlinkSocket socket;
    private int seq;

    private Neighbours(NetlinkSocket socket) {
        this.socket = socket;
        this.seq = (int) (System.nanoTime() & 0x3fffffff);
    }

    /**
     * Opens a rtnetlink socket in the calling thread's network namespace.
     *
     * @throws NativeException naming the failing call (socket, setsockopt, bind)
     */
    public static Neighbours open() throws NativeException {
        return new Neighbours(NetlinkSocket.open(0));
    }

    /**
     * The MAC (48 bits in the low bits, first byte most significant) of {@code address} on {@code ifindex} when the
     * kernel has an entry in a usable state (NUD_VALID: REACHABLE, STALE, DELAY, PROBE, PERMANENT, NOARP); empty
     * when there is no entry or it is INCOMPLETE or FAILED (RTM_GETNEIGH for one entry).
     *
     * @throws NativeException ENODEV for an unknown interface index, ...
     */
    public OptionalLong lookup(int ifindex, IpAddress address) throws NativeException {
        Objects.requireNonNull(address, "address");
        int s = nextSeq();
        String operation = "RTM_GETNEIGH " + address + " ifindex " + ifindex;
        NetlinkMessages.Message m = answer(getRequest(ifindex, address, s), s, operation);
        if (m.type() == NetlinkMessages.NLMSG_ERROR) {
            int errno = errno(m);
            if (errno == 0 || errno == Libc.ENOENT) {
                return OptionalLong.empty();
            }
            throw failure(operation, errno, m);
        }
        Entry e = entry(m);
        return (e.state() & NUD_VALID) != 0 ? e.mac() : OptionalLong.empty();
    }

    /**
     * Asks the kernel to resolve {@code address} on {@code ifindex} (RTM_NEWNEIGH, NLM_F_CREATE, NTF_USE): a
     * missing entry is created and probed, a STALE one is re-confirmed; returns at the kernel's acknowledgement,
     * without waiting for the answer. Follow with {@link #lookup} later.
     *
     * @throws NativeException ENODEV for an unknown interface index, EINVAL for an address the table refuses
     */
    public void resolve(int ifindex, IpAddress address) throws NativeException {
        Objects.requireNonNull(address, "address");
        int s = nextSeq();
        String operation = "RTM_NEWNEIGH NTF_USE " + address + " ifindex " + ifindex;
        NetlinkMessages.Message m = answer(useRequest(ifindex, address, s), s, operation);
        int errno = m.type() == NetlinkMessages.NLMSG_ERROR ? errno(m) : 0;
        if (errno != 0) {
            throw failure(operation, errno, m);
        }
    }

    private static int errno(NetlinkMessages.Message m) throws NativeException {
        try {
            return NetlinkMessages.errno(m);
        } catch (MalformedNetlinkException e) {
            throw new NativeException("rtnetlink answer", Libc.EINVAL, e.getMessage());
        }
    }

    private static NativeException failure(String operation, int errno, NetlinkMessages.Message m) {
        Optional<String> text;
        try {
            text = NetlinkMessages.errorText(m);
        } catch (MalformedNetlinkException e) {
            text = Optional.empty();
        }
        return new NativeException(operation, errno, Libc.strerror(errno) + text.map(t -> " (" + t + ")").orElse(""));
    }

    private int nextSeq() {
        seq = (seq + 1) & 0x7fffffff;
        return seq;
    }

    /** The first message answering request {@code s}: the entry, or an NLMSG_ERROR (an ack or a failure). */
    private NetlinkMessages.Message answer(byte[] request, int s, String operation) throws NativeException {
        socket.send(request);
        long deadline = System.nanoTime() + ANSWER_TIMEOUT_NANOS;
        while (true) {
            Optional<List<NetlinkMessages.Message>> batch;
            try {
                batch = socket.answer(deadline);
            } catch (MalformedNetlinkException e) {
                throw new NativeException(operation, Libc.EINVAL, "malformed answer: " + e.getMessage());
            }
            if (batch.isEmpty()) {
                throw new NativeException(operation, ETIMEDOUT, "no answer from the kernel within 5 s");
            }
            for (NetlinkMessages.Message m : batch.get()) {
                if (m.seq() == s && m.type() != NetlinkMessages.NLMSG_DONE) {
                    return m;
                }
            }
        }
    }

    // ---- messages (plain Java, tested without the kernel) ----

    /** RTM_GETNEIGH for one entry: ndmsg (family, ifindex; state, flags and type 0) and NDA_DST. */
    static byte[] getRequest(int ifindex, IpAddress address, int seq) {
        return request(RTM_GETNEIGH, NetlinkMessages.NLM_F_REQUEST, 0, ifindex, address, seq);
    }

    /** RTM_NEWNEIGH with NLM_F_CREATE | NLM_F_ACK and NTF_USE (state NUD_NONE) for {@code address}. */
    static byte[] useRequest(int ifindex, IpAddress address, int seq) {
        return request(RTM_NEWNEIGH, NetlinkMessages.NLM_F_REQUEST | NetlinkMessages.NLM_F_ACK
                | NetlinkMessages.NLM_F_CREATE, NTF_USE, ifindex, address, seq);
    }

    private static byte[] request(int type, int flags, int ndmFlags, int ifindex, IpAddress address, int seq) {
        return new NetlinkMessages.Builder(type, flags, seq)
                .u8(address.isV4() ? Libc.AF_INET : Libc.AF_INET6).u8(0).u16(0).u32(ifindex)
                .u16(0).u8(ndmFlags).u8(0)
                .attribute(NDA_DST, address.bytes())
                .finish();
    }

    /** An RTM_NEWNEIGH message as an {@link Entry}; a link-layer address other than 6 bytes counts as none. */
    static Entry entry(NetlinkMessages.Message m) throws NativeException {
        if (m.payloadLength() < NDMSG) {
            throw new NativeException("RTM_NEWNEIGH", Libc.EINVAL, "message too short for ndmsg: "
                    + m.payloadLength() + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(m.bytes()).order(ORDER);
        int ifindex = in.getInt(NetlinkMessages.HEADER + 4);
        int state = Short.toUnsignedInt(in.getShort(NetlinkMessages.HEADER + 8));
        Map<Integer, byte[]> attributes;
        try {
            attributes = NetlinkMessages.attributes(m.bytes(), NetlinkMessages.HEADER + NDMSG);
        } catch (MalformedNetlinkException e) {
            throw new NativeException("RTM_NEWNEIGH", Libc.EINVAL, e.getMessage());
        }
        byte[] lladdr = attributes.get(NDA_LLADDR);
        if (lladdr == null || lladdr.length != 6) {
            return new Entry(ifindex, state, OptionalLong.empty());
        }
        long mac = 0;
        for (byte b : lladdr) {
            mac = (mac << 8) | (b & 0xff);
        }
        return new Entry(ifindex, state, OptionalLong.of(mac));
    }

    @Override
    public void close() {
        socket.close();
    }
}
