package io.fulcrum.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

/**
 * An AF_PACKET / SOCK_RAW socket bound to one interface that sends whole Ethernet frames, built by the caller
 * (gratuitous ARPs, unsolicited neighbour advertisements): destination MAC, source MAC, ethertype, payload. It is
 * opened with protocol 0, so it receives nothing and needs no draining. Each frame goes out with a
 * {@code sockaddr_ll} naming the interface, the frame's ethertype and destination MAC. Needs root or CAP_NET_RAW.
 */
public final class PacketSocket implements AutoCloseable {

    private static final int ETHERNET_HEADER = 14;

    private final int fd;
    private final String ifname;
    private final int ifindex;
    private volatile boolean closed;

    private PacketSocket(int fd, String ifname, int ifindex) {
        this.fd = fd;
        this.ifname = ifname;
        this.ifindex = ifindex;
    }

    /**
     * Opens a socket bound to {@code ifname} in the calling thread's network namespace.
     *
     * @throws NativeException naming the failing call: if_nametoindex (ENODEV), socket (EPERM without CAP_NET_RAW),
     *                         bind
     */
    public static PacketSocket open(String ifname) throws NativeException {
        Objects.requireNonNull(ifname, "ifname");
        try (Arena arena = Arena.ofConfined()) {
            int ifindex = Libc.ifNameToIndex(arena, ifname);
            int fd = Libc.socket(arena, Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, 0);
            PacketSocket socket = new PacketSocket(fd, ifname, ifindex);
            try {
                Libc.bind(arena, fd, SockAddrs.link(arena, ifindex, 0, new byte[0]));
                return socket;
            } catch (NativeException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }
    }

    public String interfaceName() {
        return ifname;
    }

    public int interfaceIndex() {
        return ifindex;
    }

    /**
     * Sends one frame as it is (no padding is added: pad to 60 bytes for a wire minimum).
     *
     * @throws IllegalArgumentException when the frame is shorter than an Ethernet header
     * @throws NativeException          naming sendto (ENETDOWN when the interface is down, EMSGSIZE above the MTU)
     */
    public void send(byte[] frame) throws NativeException {
        if (frame.length < ETHERNET_HEADER) {
            throw new IllegalArgumentException("a frame of " + frame.length + " bytes has no Ethernet header");
        }
        if (closed) {
            throw new IllegalStateException("packet socket on " + ifname + " closed");
        }
        int ethertype = ((frame[12] & 0xff) << 8) | (frame[13] & 0xff);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(frame.length);
            MemorySegment.copy(MemorySegment.ofArray(frame), 0, data, 0, frame.length);
            Libc.sendto(arena, fd, data, SockAddrs.link(arena, ifindex, ethertype, Arrays.copyOf(frame, 6)));
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
