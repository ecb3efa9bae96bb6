package io.fulcrum.dataplane.proxy;

import io.fulcrum.common.IpAddress;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.conn.Connection;
import io.fulcrum.ipvs.conn.ConnectionTable;
import io.fulcrum.ipvs.conn.ExpiryListener;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The UDP side of the full-NAT proxy for one virtual service: a datagram socket bound on VIP:port (SO_REUSEADDR,
 * and IP_FREEBIND where the transport has it, so the VIP need not be on this host yet) and a flow per client
 * address and port.
 *
 * <p><b>Flow lifecycle.</b> A client datagram is routed by {@link UdpRouter} on the connection table: the client's
 * entry is found ({@code findInbound}) or scheduled on the service's current view (weights, weight 0 = no new
 * flows, thresholds, persistence templates, all as the table decides). A {@link UdpFlow} then opens a datagram
 * socket connected to the entry's destination, on this listener's event loop, with an ephemeral local port. Each
 * client datagram is sent through it (counted with {@code Connection.inbound} and reported with
 * {@code onUdpPacket}, which re-arms the entry with the table's UDP timeout); each reply is sent back to the
 * client from the listening socket, so it comes from VIP:port (counted with {@code outbound}, and re-arming the
 * entry too). So {@code ipvsadm -lnc} lists every flow as a UDP entry with its expiry, the destination's InActConn
 * counts it (UDP entries stay inactive in IPVS), and --stats/--rate count its packets and bytes. The flow ends when
 * its entry leaves the table: an {@link ExpiryListener} hears it (on the table's thread) and the flow's socket is
 * closed on the event loop.
 *
 * <p><b>Table semantics.</b> A flow's datagrams are admitted by {@code ConnectionTable.admit} as ip_vs_in admits a
 * UDP packet, never as "opening" (UDP has no SYN): a destination at weight 0 keeps its flows and gets no new ones;
 * a destination removed from the table keeps its established flows working until they end or time out (the
 * kernel would drop their packets meanwhile; the proxy keeps them, as its TCP side keeps established
 * connections); with expire_nodest_conn on the entry is expired at the next datagram, which is scheduled
 * afresh. When no destination is available a new client goes to the service's sorry server through a flow that
 * is not a table entry (there is no table destination to bind it to): it closes after the table's UDP timeout of
 * idleness, checked every second. Without a sorry server the datagram is dropped and counted
 * ({@link UdpDrop#NO_DESTINATION}).
 *
 * <p><b>One-packet scheduling</b> (ipvsadm -o): each datagram is scheduled on its own and its entry is not kept
 * (the table returns it already expired). It is sent from a socket of its own, which relays the first reply back
 * from VIP:port and then closes, or closes when {@link UdpLimits#onePacketWindow()} passes without one. So a
 * request/response protocol (DNS) works, and a one-way one (syslog) costs a socket for the window; at the flow
 * limit the oldest one-packet socket makes room.
 *
 * <p><b>PROXY protocol.</b> Version 2 carries UDP (transport DGRAM): its header goes first in every datagram sent
 * to the real server, since HAProxy's proxy-protocol.txt wants header and payload in the same datagram and each
 * datagram parsed on its own. Version 1 is TCP only: {@link #bind()} refuses it with a clear problem, and an
 * {@link #update} to it is logged and served without a header.
 *
 * <p><b>Limits and errors.</b> At most {@link UdpLimits#maxFlows()} flows at once; a flow holds at most
 * {@link UdpLimits#pendingPerFlow()} datagrams while its socket connects and afterwards sends only while the socket
 * is writable (Netty's write-buffer water marks), and replies are written only while the listening socket is: a
 * datagram beyond that is dropped and counted ({@link UdpDrop#BACKLOG}), never queued without limit. A flow
 * socket that fails (ICMP port unreachable arrives as {@link PortUnreachableException}, or a connect or write error)
 * is closed and counted in {@link UdpCounters#errors()}, logged at most once per 10 seconds; its entry stays until
 * it times out, as IPVS keeps it, so the client's next datagram opens a new socket to the same destination.
 * Nothing a client or real server does closes the listening socket.
 *
 * <p><b>Closing.</b> {@link #close()} stops new flows; the remaining ones continue (their replies still come from
 * VIP:port) until they end, then the listening socket closes. A later listener for the same VIP:port can bind
 * meanwhile (SO_REUSEADDR); Linux gives new datagrams to the newest socket, and it adopts the table entries it
 * finds. Shutting the transport's event loops down closes everything at once.
 *
 * <p><b>Threads.</b> The listening socket and all its flows live on one event loop, which owns every mutable
 * field below; {@link #bind()}, {@link #update} and {@link #close()} are called from the data plane's thread.
 * Replies are sent from VIP:port only when the VIP is a specific address (a wildcard VIP would answer from the
 * address the kernel chooses).
 */
final class UdpProxyListener implements ProxyListener {

    private static final int MAX_DATAGRAM = 65_535;
    private static final long SECOND = 1_000_000_000L;
    private static final long ERROR_LOG_INTERVAL = 10 * SECOND;

    private final ProxyTransport transport;
    private final ConnectionTable conns;
    private final LongSupplier nanoTime;
    private final Consumer<String> log;
    private final UdpLimits limits;
    private final UdpRouter router;
    private final UdpCounters counters = new UdpCounters();
    private final UdpFlows flows = new UdpFlows();
    private final ExpiryListener expiry = this::expired;
    private final UdpFlow.Owner owner = new FlowEvents();
    private final IpAddress vip;
    private final int port;
    private final String name;
    private final RateLimitedLog errorLog;
    private volatile ProxiedService service;
    private volatile Channel channel;
    private Bootstrap flowBootstrap;
    private ScheduledFuture<?> sweeper;
    private volatile boolean draining; // written on the event loop; read there, and by tests

    UdpProxyListener(ProxyTransport transport, ConnectionTable conns, LongSupplier nanoTime, Consumer<String> log,
                     ProxiedService service) {
        this(transport, conns, nanoTime, log, service, UdpLimits.DEFAULT);
    }

    UdpProxyListener(ProxyTransport transport, ConnectionTable conns, LongSupplier nanoTime, Consumer<String> log,
                     ProxiedService service, UdpLimits limits) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.conns = Objects.requireNonNull(conns, "conns");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.log = Objects.requireNonNull(log, "log");
        this.limits = Objects.requireNonNull(limits, "limits");
        if (service.key().protocol() != Protocol.UDP) {
            throw new IllegalArgumentException("not a UDP service: " + service.key());
        }
        this.service = service;
        this.router = new UdpRouter(conns);
        this.vip = service.key().address();
        this.port = service.key().port();
        this.name = "UDP " + Addresses.label(vip, port);
        this.errorLog = new RateLimitedLog(nanoTime, log, ERROR_LOG_INTERVAL);
    }

    @Override
    public void bind() throws ProxyBindException {
        if (channel != null) {
            throw new IllegalStateException(name + " is already bound");
        }
        if (service.proxyProtocol().equals(Optional.of(ProxyProtocol.V1))) {
            throw new ProxyBindException(name + ": PROXY protocol v1 carries TCP only; use proxy_protocol v2 for"
                    + " a UDP service", null);
        }
        Bootstrap b = datagramBootstrap().group(transport.group())
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(new ClientDatagrams());
        transport.freebind(b);
        ChannelFuture registered = b.register().awaitUninterruptibly();
        if (!registered.isSuccess()) {
            throw failure("cannot open a socket", registered.cause());
        }
        Channel ch = registered.channel();
        channel = ch;
        flowBootstrap = datagramBootstrap().group(ch.eventLoop());
        sweeper = ch.eventLoop().scheduleAtFixedRate(this::sweep, 1, 1, TimeUnit.SECONDS);
        conns.addExpiryListener(expiry);
        ch.closeFuture().addListener(done -> closed());
        ChannelFuture bound = ch.bind(Addresses.socket(vip, port)).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            ch.close();
            throw failure("cannot bind", bound.cause());
        }
    }

    private Bootstrap datagramBootstrap() {
        return new Bootstrap().channel(transport.datagramChannel())
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM));
    }

    private ProxyBindException failure(String what, Throwable cause) {
        return new ProxyBindException(name + ": " + what + ": " + cause.getMessage(), cause);
    }

    @Override
    public void update(ProxiedService next) {
        if (!next.key().equals(service.key())) {
            throw new IllegalArgumentException("a listener keeps its key: " + service.key() + ", not " + next.key());
        }
        if (next.proxyProtocol().equals(Optional.of(ProxyProtocol.V1))) {
            log.accept(name + ": PROXY protocol v1 carries TCP only; sending no PROXY header (use v2)");
            next = new ProxiedService(next.key(), next.service(), next.sorryServer(), Optional.empty());
        }
        service = next;
    }

    @Override
    public void close() {
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        try {
            ch.eventLoop().execute(() -> {
                draining = true;
                if (flows.isEmpty()) {
                    ch.close();
                }
            });
        } catch (RejectedExecutionException e) {
            ch.close(); // the event loop is stopping: everything closes with it
        }
    }

    // ---- client datagrams (event loop) ----

    private void onClient(DatagramPacket p) {
        InetSocketAddress client = p.sender();
        ByteBuf payload = p.content();
        long now = nanoTime.getAsLong();
        UdpFlow flow = flows.byClient(client);
        if (flow != null && flow.entry() == null) {
            relay(flow, payload, now); // the sorry server's flow lasts until it idles out
            return;
        }
        if (flow == null && !roomForNewFlow()) {
            return;
        }
        ProxiedService s = service;
        UdpRoute route = router.route(s, client, flow == null ? null : flow.entry(), now);
        switch (route) {
            case UdpRoute.Forward(Connection e) when flow != null && flow.entry() == e -> relay(flow, payload, now);
            case UdpRoute.Forward(Connection e) -> start(flow, client, destination(e), e, false, s, payload, now);
            case UdpRoute.OnePacket(Connection e) -> start(flow, client, destination(e), e, true, s, payload, now);
            case UdpRoute.Sorry(InetSocketAddress server) -> start(flow, client, server, null, false, s, payload,
                    now);
            case UdpRoute.Drop(UdpDrop reason) -> {
                counters.drop(reason);
                if (flow != null && flow.entry().isExpired()) {
                    forget(flow);
                }
            }
        }
    }

    /** Whether a new client may get a flow: not while closing, and not beyond the limit. */
    private boolean roomForNewFlow() {
        if (draining) {
            counters.drop(UdpDrop.CLOSING);
            return false;
        }
        if (flows.size() >= limits.maxFlows() && flows.oldestOnePacket() == null) {
            counters.drop(UdpDrop.FLOW_LIMIT);
            return false;
        }
        return true;
    }

    /** Opens a flow (replacing the client's {@code old} one, whose entry is gone) and relays the datagram. */
    private void start(UdpFlow old, InetSocketAddress client, InetSocketAddress server, Connection entry,
                       boolean onePacket, ProxiedService s, ByteBuf payload, long now) {
        if (old != null) {
            forget(old);
        }
        if (draining) {
            counters.drop(UdpDrop.CLOSING);
            return;
        }
        if (flows.size() >= limits.maxFlows()) {
            UdpFlow oldest = flows.oldestOnePacket();
            if (oldest == null) {
                counters.drop(UdpDrop.FLOW_LIMIT);
                return;
            }
            forget(oldest);
        }
        UdpFlow f = new UdpFlow(client, server, entry, onePacket, header(s, client), limits.pendingPerFlow());
        flows.add(f);
        counters.flowOpened();
        f.deadline(now + (onePacket ? limits.onePacketWindow().toNanos() : udpTimeoutNanos()));
        f.open(flowBootstrap, channel.eventLoop(), owner);
        relay(f, payload, now);
    }

    private byte[] header(ProxiedService s, InetSocketAddress client) {
        if (s.proxyProtocol().isEmpty()) {
            return null;
        }
        IpAddress source = Addresses.client(client.getAddress(), vip.isV6());
        return s.proxyProtocol().get().header(true, source, client.getPort(), vip, port);
    }

    private static InetSocketAddress destination(Connection e) {
        return Addresses.socket(e.destAddress(), e.destPort());
    }

    /** Sends a client datagram through {@code f} and counts it. */
    private void relay(UdpFlow f, ByteBuf payload, long now) {
        int bytes = payload.readableBytes();
        if (!f.send(payload)) {
            if (!f.isClosed()) { // a closed one failed at once, and that is counted as an error
                counters.drop(UdpDrop.BACKLOG);
            }
            return;
        }
        count(f, true, bytes, now);
    }

    /** A datagram of {@code f} passed: counted on its entry, which it re-arms, or re-arming the flow itself. */
    private void count(UdpFlow f, boolean inbound, int bytes, long now) {
        Connection e = f.entry();
        if (e == null) {
            f.deadline(now + udpTimeoutNanos());
            return;
        }
        if (inbound) {
            e.inbound(bytes);
        } else {
            e.outbound(bytes);
        }
        conns.onUdpPacket(e, now);
    }

    private long udpTimeoutNanos() {
        return conns.timeouts().udp() * SECOND;
    }

    // ---- flow events (event loop) ----

    private final class FlowEvents implements UdpFlow.Owner {
        @Override
        public void reply(UdpFlow flow, ByteBuf datagram) {
            Channel ch = channel;
            int bytes = datagram.readableBytes();
            if (!ch.isWritable()) {
                counters.drop(UdpDrop.BACKLOG);
            } else {
                ByteBuf out = ch.alloc().ioBuffer(bytes).writeBytes(datagram, datagram.readerIndex(), bytes);
                ch.writeAndFlush(new DatagramPacket(out, flow.client()), ch.voidPromise());
                count(flow, false, bytes, nanoTime.getAsLong());
            }
            if (flow.onePacket()) {
                forget(flow); // its one reply has come
            }
        }

        @Override
        public void failed(UdpFlow flow, Throwable cause) {
            counters.error();
            errorLog.log(name + ": flow " + flow + " failed: " + describe(cause));
            forget(flow);
        }
    }

    private void forget(UdpFlow f) {
        if (flows.remove(f)) {
            counters.flowClosed();
        }
        f.close();
        if (draining && flows.isEmpty()) {
            channel.close();
        }
    }

    /** An entry left the table (on the table's thread): its flow, if it is one of ours, closes on the loop. */
    private void expired(Connection entry) {
        if (entry.isTemplate() || entry.protocolNumber() != Protocol.UDP.number() || entry.virtualPort() != port
                || !entry.virtualAddress().equals(vip)) {
            return;
        }
        try {
            channel.eventLoop().execute(() -> {
                UdpFlow f = flows.byEntry(entry);
                if (f != null) {
                    forget(f);
                }
            });
        } catch (RejectedExecutionException e) {
            // the event loop has stopped, and its sockets are closed
        }
    }

    /** Closes flows outside the table (sorry server, one-packet) whose time is up. */
    private void sweep() {
        for (UdpFlow f : flows.due(nanoTime.getAsLong())) {
            forget(f);
        }
    }

    /** The listening socket closed (drained, or the event loops stopped). */
    private void closed() {
        conns.removeExpiryListener(expiry);
        sweeper.cancel(false);
        for (UdpFlow f : flows.all()) {
            forget(f);
        }
    }

    private static String describe(Throwable cause) {
        if (cause instanceof PortUnreachableException) {
            return "port unreachable";
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    private final class ClientDatagrams extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof DatagramPacket p) {
                    onClient(p);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            counters.error(); // a failed reply write: counted, the listener goes on
            errorLog.log(name + ": sending to a client failed: " + describe(cause));
        }
    }

    // ---- observation (tests, and the data plane's status) ----

    UdpCounters counters() {
        return counters;
    }

    /** The bound address (the VIP and port). */
    InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Whether the listening socket is still open. */
    /** Whether {@link #close} has taken effect on the event loop: new clients are dropped from then on. */
    boolean isDraining() {
        return draining;
    }

    boolean isOpen() {
        Channel ch = channel;
        return ch != null && ch.isOpen();
    }

    /** The open flows, read on the event loop. */
    List<UdpFlow> flows() {
        try {
            return channel.eventLoop().submit(flows::all).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
