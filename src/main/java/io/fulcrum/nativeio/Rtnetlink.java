package io.fulcrum.nativeio;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Interfaces and addresses through rtnetlink (AF_NETLINK, NETLINK_ROUTE), in the network namespace the socket was
 * opened in: the link and address dumps behind {@code ip link} / {@code ip addr}, and adding and removing
 * addresses as {@code ip addr add/del} do. A request the kernel refuses raises a {@link NativeException} whose
 * operation names it, e.g. {@code RTM_NEWADDR 10.0.0.100/32 dev eth0}, with the kernel's errno (EEXIST for an
 * address already there, EADDRNOTAVAIL for removing one that is not) and its extended-ack text when it gave one.
 * One thread uses an instance at a time.
 */
public final class Rtnetlink implements AutoCloseable {

    private static final long ANSWER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int DUMP_ATTEMPTS = 3;
    private static final int ETIMEDOUT = 110;

    private final NetlinkSocket socket;
    private int seq;

    private Rtnetlink(NetlinkSocket socket) {
        this.socket = socket;
        this.seq = (int) (System.nanoTime() & 0x3fffffff);
    }

    /**
     * Opens a socket in the calling thread's network namespace.
     *
     * @throws NativeException naming the failing call (socket, setsockopt, bind)
     */
    public static Rtnetlink open() throws NativeException {
        return new Rtnetlink(NetlinkSocket.open(0));
    }

    /** Every interface (RTM_GETLINK dump). */
    public List<Link> links() throws NativeException, MalformedNetlinkException {
        List<Link> out = new ArrayList<>();
        for (NetlinkMessages.Message m : dump(NetlinkMessages.RTM_GETLINK, "RTM_GETLINK dump")) {
            if (m.type() == NetlinkMessages.RTM_NEWLINK) {
                out.add(NetlinkMessages.link(m));
            }
        }
        return out;
    }

    /** Every IPv4 and IPv6 address of every interface (RTM_GETADDR dump). */
    public List<InterfaceAddress> addresses() throws NativeException, MalformedNetlinkException {
        List<InterfaceAddress> out = new ArrayList<>();
        for (NetlinkMessages.Message m : dump(NetlinkMessages.RTM_GETADDR, "RTM_GETADDR dump")) {
            if (m.type() == NetlinkMessages.RTM_NEWADDR) {
                NetlinkMessages.address(m).ifPresent(out::add);
            }
        }
        return out;
    }

    /**
     * Adds an address (RTM_NEWADDR with NLM_F_CREATE | NLM_F_EXCL).
     *
     * @throws NativeException EEXIST when the interface has it already, ENODEV for an unknown interface index, ...
     */
    public void addAddress(AddressRequest r) throws NativeException, MalformedNetlinkException {
        int s = nextSeq();
        request(NetlinkMessages.addressRequest(true, r, s), s, "RTM_NEWADDR", r);
    }

    /**
     * Removes an address (RTM_DELADDR).
     *
     * @throws NativeException EADDRNOTAVAIL when the interface does not have it, ...
     */
    public void removeAddress(AddressRequest r) throws NativeException, MalformedNetlinkException {
        int s = nextSeq();
        request(NetlinkMessages.addressRequest(false, r, s), s, "RTM_DELADDR", r);
    }

    /** The name of an interface, by index (RTM_GETLINK for one link); empty when there is none. */
    public Optional<String> nameOf(int ifindex) throws NativeException, MalformedNetlinkException {
        int s = nextSeq();
        socket.send(NetlinkMessages.linkRequest(ifindex, s));
        for (NetlinkMessages.Message m : answers(s, "RTM_GETLINK " + ifindex)) {
            if (m.type() == NetlinkMessages.NLMSG_ERROR) {
                return Optional.empty();
            }
            if (m.type() == NetlinkMessages.RTM_NEWLINK) {
                return Optional.of(NetlinkMessages.link(m).name());
            }
        }
        return Optional.empty();
    }

    /** The index of the interface called {@code name} (from an RTM_GETLINK dump); empty when there is none. */
    public Optional<Integer> indexOf(String name) throws NativeException, MalformedNetlinkException {
        return links().stream().filter(l -> l.name().equals(name)).map(Link::index).findFirst();
    }

    /**
     * Brings an interface up or down ({@code ip link set dev <if> up|down}: RTM_NEWLINK changing IFF_UP only).
     *
     * @throws NativeException {@code RTM_NEWLINK <if> up} with ENODEV for an unknown index, EPERM without
     *                         CAP_NET_ADMIN, ...
     */
    public void setLinkUp(int ifindex, boolean up) throws NativeException, MalformedNetlinkException {
        int s = nextSeq();
        socket.send(NetlinkMessages.linkUpRequest(ifindex, up, s));
        for (NetlinkMessages.Message m : answers(s, "RTM_NEWLINK")) {
            if (m.type() != NetlinkMessages.NLMSG_ERROR) {
                continue;
            }
            int errno = NetlinkMessages.errno(m);
            if (errno == 0) {
                return;
            }
            Optional<String> text = NetlinkMessages.errorText(m);
            throw new NativeException("RTM_NEWLINK " + nameOfQuietly(ifindex) + (up ? " up" : " down"), errno,
                    Libc.strerror(errno) + text.map(t -> " (" + t + ")").orElse(""));
        }
        throw new MalformedNetlinkException("RTM_NEWLINK answered without an acknowledgement");
    }

    private int nextSeq() {
        seq = (seq + 1) & 0x7fffffff;
        return seq;
    }

    private void request(byte[] message, int s, String type, AddressRequest r)
            throws NativeException, MalformedNetlinkException {
        socket.send(message);
        for (NetlinkMessages.Message m : answers(s, type)) {
            if (m.type() != NetlinkMessages.NLMSG_ERROR) {
                continue;
            }
            int errno = NetlinkMessages.errno(m);
            if (errno == 0) {
                return;
            }
            Optional<String> text = NetlinkMessages.errorText(m);
            String device = nameOfQuietly(r.ifindex());
            throw new NativeException(type + " " + r.describe(device), errno,
                    Libc.strerror(errno) + text.map(t -> " (" + t + ")").orElse(""));
        }
        throw new MalformedNetlinkException(type + " answered without an acknowledgement");
    }

    private String nameOfQuietly(int ifindex) {
        try {
            return nameOf(ifindex).orElse("ifindex " + ifindex);
        } catch (NativeException | MalformedNetlinkException e) {
            return "ifindex " + ifindex;
        }
    }

    /** The messages of one dump, retried when the kernel flags it as interrupted by a concurrent change. */
    private List<NetlinkMessages.Message> dump(int type, String operation)
            throws NativeException, MalformedNetlinkException {
        for (int attempt = 1; ; attempt++) {
            int s = nextSeq();
            socket.send(NetlinkMessages.dumpRequest(type, s));
            List<NetlinkMessages.Message> messages = answers(s, operation);
            boolean interrupted = false;
            for (NetlinkMessages.Message m : messages) {
                if (m.type() == NetlinkMessages.NLMSG_ERROR && NetlinkMessages.errno(m) != 0) {
                    int errno = NetlinkMessages.errno(m);
                    throw new NativeException(operation, errno, Libc.strerror(errno));
                }
                interrupted |= (m.flags() & NetlinkMessages.NLM_F_DUMP_INTR) != 0;
            }
            if (!interrupted) {
                return messages;
            }
            if (attempt == DUMP_ATTEMPTS) {
                throw new NativeException(operation, Libc.EAGAIN,
                        "interrupted by concurrent changes " + DUMP_ATTEMPTS + " times");
            }
        }
    }

    /**
     * The messages answering request {@code s}: up to NLMSG_DONE for a dump (multi-part), else the first
     * message (an answer or an NLMSG_ERROR), with any error message last.
     */
    private List<NetlinkMessages.Message> answers(int s, String operation)
            throws NativeException, MalformedNetlinkException {
        long deadline = System.nanoTime() + ANSWER_TIMEOUT_NANOS;
        List<NetlinkMessages.Message> out = new ArrayList<>();
        while (true) {
            Optional<List<NetlinkMessages.Message>> batch = socket.answer(deadline);
            if (batch.isEmpty()) {
                throw new NativeException(operation, ETIMEDOUT, "no answer from the kernel within 5 s");
            }
            for (NetlinkMessages.Message m : batch.get()) {
                if (m.seq() != s) {
                    continue;
                }
                if (m.type() == NetlinkMessages.NLMSG_DONE) {
                    return out;
                }
                out.add(m);
                if (m.type() == NetlinkMessages.NLMSG_ERROR
                        || (m.flags() & NetlinkMessages.NLM_F_MULTI) == 0) {
                    return out;
                }
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
