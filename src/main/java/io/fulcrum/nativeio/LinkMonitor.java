package io.fulcrum.nativeio;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A netlink socket subscribed to link and address changes (RTMGRP_LINK, RTMGRP_IPV4_IFADDR, RTMGRP_IPV6_IFADDR)
 * in the network namespace it was opened in, read one event at a time. Open it before taking the first
 * {@link Rtnetlink#links()} / {@link Rtnetlink#addresses()} snapshot so that no change falls between the two; on
 * {@link LinkEvent.EventsLost} take a new snapshot. One thread reads it.
 */
public final class LinkMonitor implements AutoCloseable {

    private final NetlinkSocket socket;
    private final Deque<LinkEvent> pending = new ArrayDeque<>();

    private LinkMonitor(NetlinkSocket socket) {
        this.socket = socket;
    }

    /**
     * Opens a monitor in the calling thread's network namespace.
     *
     * @throws NativeException naming the failing call (socket, setsockopt, bind)
     */
    public static LinkMonitor open() throws NativeException {
        return new LinkMonitor(NetlinkSocket.open(NetlinkMessages.RTMGRP_LINK | NetlinkMessages.RTMGRP_IPV4_IFADDR
                | NetlinkMessages.RTMGRP_IPV6_IFADDR));
    }

    /**
     * The next event, waiting up to {@code maxWait} for one. Messages of other families or types are skipped.
     *
     * @return the event, or empty when none came in time
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    public Optional<LinkEvent> next(Duration maxWait)
            throws NativeException, MalformedNetlinkException, InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (pending.isEmpty()) {
            Optional<List<NetlinkMessages.Message>> batch;
            try {
                batch = socket.receive(deadline, "link monitor");
            } catch (NativeException e) {
                if (e.errno() == Libc.ENOBUFS) {
                    return Optional.of(new LinkEvent.EventsLost());
                }
                throw e;
            }
            if (batch.isEmpty()) {
                return Optional.empty();
            }
            for (NetlinkMessages.Message m : batch.get()) {
                decode(m).ifPresent(pending::add);
            }
        }
        return Optional.of(pending.removeFirst());
    }

    static Optional<LinkEvent> decode(NetlinkMessages.Message m) throws MalformedNetlinkException {
        return switch (m.type()) {
            case NetlinkMessages.RTM_NEWLINK -> Optional.of(new LinkEvent.LinkChanged(NetlinkMessages.link(m)));
            case NetlinkMessages.RTM_DELLINK -> Optional.of(new LinkEvent.LinkRemoved(NetlinkMessages.link(m)));
            case NetlinkMessages.RTM_NEWADDR -> NetlinkMessages.address(m).map(LinkEvent.AddressAdded::new);
            case NetlinkMessages.RTM_DELADDR -> NetlinkMessages.address(m).map(LinkEvent.AddressRemoved::new);
            case NetlinkMessages.NLMSG_OVERRUN -> Optional.of(new LinkEvent.EventsLost());
            default -> Optional.empty();
        };
    }

    @Override
    public void close() {
        socket.close();
    }
}
