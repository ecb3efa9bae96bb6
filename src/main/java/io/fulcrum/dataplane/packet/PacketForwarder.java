package io.fulcrum.dataplane.packet;

import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.ScheduleInput;
import io.fulcrum.ipvs.conn.Connection;
import io.fulcrum.ipvs.conn.ConnectionTable;
import io.fulcrum.ipvs.conn.Direction;
import io.fulcrum.ipvs.conn.ScheduleResult;
import io.fulcrum.ipvs.conn.TcpFlags;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.function.Supplier;

/**
 * The per-packet work of one engine worker, as IPVS does it (ip_vs_in / ip_vs_out): a frame for a served VIP:port
 * is looked up in the connection table, or, when it may open a connection (TCP SYN, any UDP datagram), scheduled
 * onto a real server (only while the VIP is on this director: {@link LocalAddresses}); the entry's state moves with the TCP flags (INPUT: DR and TUN see only the client's side);
 * then the frame is rewritten in place for the destination's forwarding method and queued on the interface the
 * real server is reached on:
 * <ul>
 *   <li>Route (DR): destination MAC = the real server's, source MAC = the director's; nothing else changes;</li>
 *   <li>Masq (NAT): destination address and port = the real server's (checksums updated), TTL decremented; the
 *       real server's replies (the director is their gateway) get the VIP:port back as their source;</li>
 *   <li>Tunnel (TUN): the IP packet wrapped in an outer IPv4 header (IPIP) toward the real server.</li>
 * </ul>
 * One instance per worker thread (it holds the reusable {@link Frame} and a scratch segment for encapsulation); no
 * allocation per packet except for a new connection's schedule input. Everything not forwarded is counted.
 */
final class PacketForwarder {

    static final int PACKET_HOST = 0;
    private static final int TCP = 6;
    private static final int UDP = 17;
    private static final int OPENING_MASK = TcpFlags.SYN | TcpFlags.ACK | TcpFlags.RST | TcpFlags.FIN;

    private final ConnectionTable conns;
    private final Supplier<ServiceMap> services;
    private final Supplier<NextHops> hops;
    private final Supplier<LocalAddresses> locals;
    private final List<LinkInfo> links;
    private final PacketCounters counters;
    private final NeighbourRequests requests;
    private final MemorySegment scratch;
    private final Frame frame = new Frame();
    private final TcpSegmenter segmenter = new TcpSegmenter();
    private boolean pending;
    private int ipId;

    /**
     * @param scratch at least the largest MTU + 14 + 20 bytes: where IPIP frames are built
     */
    PacketForwarder(ConnectionTable conns, Supplier<ServiceMap> services, Supplier<NextHops> hops,
                    Supplier<LocalAddresses> locals, List<LinkInfo> links, PacketCounters counters,
                    NeighbourRequests requests, MemorySegment scratch) {
        this.conns = conns;
        this.services = services;
        this.hops = hops;
        this.locals = locals;
        this.links = List.copyOf(links);
        this.counters = counters;
        this.requests = requests;
        this.scratch = scratch;
    }

    /**
     * One received frame: forwarded through {@code sink}, or dropped and counted. {@code checksumPending}: the
     * frame's TCP/UDP checksum is not computed yet (sent by a local stack with offload); it is completed before
     * the frame goes out.
     */
    void handle(MemorySegment seg, int length, int packetType, boolean checksumPending, long now, FrameSink sink) {
        counters.received();
        if (packetType != PACKET_HOST) {
            counters.drop(PacketDrop.NOT_FOR_US);
            return;
        }
        FrameError error = FrameParser.parse(seg, length, frame);
        if (error != FrameError.NONE) {
            counters.malformed(error);
            return;
        }
        int proto = frame.protocol();
        if (proto != TCP && proto != UDP) {
            counters.drop(PacketDrop.NOT_SERVED);
            return;
        }
        boolean v6 = frame.ipVersion() == 6;
        Protocol p = proto == TCP ? Protocol.TCP : Protocol.UDP;
        PacketService s = services.get().find(proto, v6, frame.destinationHigh(), frame.destinationLow(),
                frame.destinationPort());
        pending = checksumPending;
        if (s != null) {
            if (!locals.get().contains(v6, frame.destinationHigh(), frame.destinationLow())) {
                counters.drop(PacketDrop.VIP_NOT_ACTIVE); // not the master: the kernel would not hand it to IPVS
                return;
            }
            inbound(s, p, v6, now, sink);
            return;
        }
        Connection c = v6
                ? conns.findOutbound(p, frame.sourceHigh(), frame.sourceLow(), frame.sourcePort(),
                        frame.destinationHigh(), frame.destinationLow(), frame.destinationPort())
                : conns.findOutbound(p, frame.ipv4Source(), frame.sourcePort(), frame.ipv4Destination(),
                        frame.destinationPort());
        if (c != null && c.destination().settings().forwarding() == ForwardingMethod.MASQ) {
            outbound(c, p, v6, now, sink);
            return;
        }
        counters.drop(PacketDrop.NOT_SERVED);
    }

    private void inbound(PacketService s, Protocol p, boolean v6, long now, FrameSink sink) {
        Connection c = v6
                ? conns.findInbound(p, frame.sourceHigh(), frame.sourceLow(), frame.sourcePort(),
                        frame.destinationHigh(), frame.destinationLow(), frame.destinationPort())
                : conns.findInbound(p, frame.ipv4Source(), frame.sourcePort(), frame.ipv4Destination(),
                        frame.destinationPort());
        boolean opening = p == Protocol.UDP || (frame.tcpFlags() & OPENING_MASK) == TcpFlags.SYN;
        if (c != null) {
            switch (conns.admit(c, p == Protocol.TCP && opening, now)) {
                case FORWARD -> { }
                case DROP -> {
                    counters.drop(PacketDrop.DESTINATION_UNAVAILABLE);
                    return;
                }
                case RESCHEDULE -> c = null;
            }
        }
        if (c == null) {
            if (!opening && !(hashing(s) && (frame.tcpFlags() & TcpFlags.RST) == 0)) {
                counters.drop(PacketDrop.NO_CONNECTION);
                return;
            }
            ScheduleInput in = new ScheduleInput(Addresses.of(v6, frame.sourceHigh(), frame.sourceLow()),
                    frame.sourcePort(), s.key().address(), frame.destinationPort(), p);
            switch (conns.schedule(s.service().view(), in, now)) {
                case ScheduleResult.Scheduled(Connection scheduled) -> {
                    c = scheduled;
                    if (c.destination().settings().forwarding() == ForwardingMethod.MASQ
                            && hops.get().find(c.clientAddressHigh(), c.clientAddressLow()) < 0) {
                        requests.resolve(in.clientAddress()); // its replies will need the client's MAC
                    }
                }
                case ScheduleResult.NoDestination none -> {
                    counters.drop(PacketDrop.NO_DESTINATION);
                    return;
                }
            }
        }
        if (p == Protocol.TCP) {
            conns.onTcpPacket(c, Direction.INPUT, frame.tcpFlags(), now);
        } else if (!c.isOnePacket()) {
            conns.onUdpPacket(c, now);
        }
        c.inbound(frame.ipTotalLength());
        toDestination(c, v6, sink);
    }

    private void toDestination(Connection c, boolean v6, FrameSink sink) {
        Destination d = c.destination();
        NextHops h = hops.get();
        int slot = h.find(c.destAddressHigh(), c.destAddressLow());
        if (slot < 0) {
            requests.resolve(d.address());
            counters.drop(PacketDrop.NO_NEIGHBOUR);
            return;
        }
        long mac = h.mac(slot);
        int ifindex = h.ifindex(slot);
        LinkInfo link = LinkInfo.of(links, ifindex);
        if (link == null) {
            counters.drop(PacketDrop.NO_NEIGHBOUR);
            return;
        }
        switch (d.settings().forwarding()) {
            case ROUTE -> {
                completeChecksum();
                Rewrites.setMacs(frame.segment(), mac, link.mac());
                send(sink, link, frame.segment(), frame.length());
            }
            case MASQ -> {
                if (!Rewrites.decrementTtl(frame)) {
                    counters.drop(PacketDrop.TTL_EXCEEDED);
                    return;
                }
                if (v6) {
                    Rewrites.natDestinationV6(frame, c.destAddressHigh(), c.destAddressLow(), c.destPort());
                } else {
                    Rewrites.natDestinationV4(frame, (int) c.destAddressLow(), c.destPort());
                }
                completeChecksum();
                Rewrites.setMacs(frame.segment(), mac, link.mac());
                send(sink, link, frame.segment(), frame.length());
            }
            case TUNNEL -> {
                if (v6 || c.isDestinationV6()) {
                    counters.drop(PacketDrop.UNSUPPORTED_METHOD); // IPIP carries IPv4 in IPv4 only
                    return;
                }
                completeChecksum();
                int n = Ipip.encapsulate(frame, scratch, mac, link.mac(), link.ipv4Address(),
                        (int) c.destAddressLow(), nextId(), link.mtu());
                if (n < 0) {
                    counters.drop(PacketDrop.TOO_BIG);
                    return;
                }
                send(sink, link, scratch, n);
            }
            case LOCAL, FULLNAT -> counters.drop(PacketDrop.UNSUPPORTED_METHOD);
        }
    }

    /**
     * Whether the service's scheduler hashes the client (sh, mh): then a TCP segment of a connection this director
     * has no entry for (established through the other director before a failover) is scheduled like a SYN, as
     * IPVS's sloppy_tcp would, and lands on the same real server, so the connection goes on.
     */
    private static boolean hashing(PacketService s) {
        String scheduler = s.service().view().settings().scheduler();
        return scheduler.equals("sh") || scheduler.equals("mh");
    }

    /** A NAT real server's reply: its source becomes the VIP:port again, then on toward the client. */
    private void outbound(Connection c, Protocol p, boolean v6, long now, FrameSink sink) {
        if (p == Protocol.TCP) {
            conns.onTcpPacket(c, Direction.OUTPUT, frame.tcpFlags(), now);
        } else {
            conns.onUdpPacket(c, now);
        }
        c.outbound(frame.ipTotalLength());
        NextHops h = hops.get();
        int slot = h.find(c.clientAddressHigh(), c.clientAddressLow());
        if (slot < 0) {
            requests.resolve(c.clientAddress());
            counters.drop(PacketDrop.NO_NEIGHBOUR);
            return;
        }
        LinkInfo link = LinkInfo.of(links, h.ifindex(slot));
        if (link == null) {
            counters.drop(PacketDrop.NO_NEIGHBOUR);
            return;
        }
        if (!Rewrites.decrementTtl(frame)) {
            counters.drop(PacketDrop.TTL_EXCEEDED);
            return;
        }
        if (v6) {
            Rewrites.natSourceV6(frame, c.virtualAddressHigh(), c.virtualAddressLow(), c.virtualPort());
        } else {
            Rewrites.natSourceV4(frame, (int) c.virtualAddressLow(), c.virtualPort());
        }
        completeChecksum();
        Rewrites.setMacs(frame.segment(), h.mac(slot), link.mac());
        send(sink, link, frame.segment(), frame.length());
    }

    /** A frame whose checksum the sender's device was to compute gets it computed here. */
    private void completeChecksum() {
        if (pending) {
            L4Checksum.complete(frame);
        }
    }

    private void send(FrameSink sink, LinkInfo link, MemorySegment seg, int length) {
        int ifindex = link.ifindex();
        int limit = Math.min(sink.maxFrame(ifindex), link.mtu() + 14);
        if (length > limit) {
            // a GSO/GRO super-frame: cut into MTU-sized TCP segments, as the kernel's GSO would
            int n = seg == frame.segment() ? segmenter.segment(frame, limit - 14, scratch,
                    (out, len) -> sink.queue(ifindex, out, len)) : -1;
            if (n < 0) {
                counters.drop(PacketDrop.TOO_BIG);
            } else {
                counters.forwarded();
                counters.segmented(n);
            }
            return;
        }
        if (sink.queue(ifindex, seg, length)) {
            counters.forwarded();
        } else {
            counters.drop(PacketDrop.TX_FULL);
        }
    }

    private int nextId() {
        ipId = (ipId + 1) & 0xffff;
        return ipId;
    }
}
