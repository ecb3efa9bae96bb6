package io.fulcrum.dataplane.proxy;

import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.ScheduleInput;
import io.fulcrum.ipvs.conn.Connection;
import io.fulcrum.ipvs.conn.ProxyEvent;
import io.fulcrum.ipvs.conn.ScheduleResult;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;

/**
 * One client connection of a TCP listener, from accept to close; every method runs on the client channel's event
 * loop, which the real-server channel shares.
 *
 * <p>Connecting: the service's current view schedules a connection-table entry (CLIENT_ACCEPTED, SYN_RECV) and the
 * real server is connected (SERVER_CONNECTED, ESTABLISHED). A refused connect is SERVER_RST on that entry, a timed
 * out one CLOSED; both are counted and the next destination is scheduled, up to {@link ProxyOptions#connectAttempts()}
 * attempts. Then, or when nothing is schedulable, the sorry server (relayed without an entry), else a reset.
 *
 * <p>Relaying (see {@link #read}, {@link #readComplete}, {@link #writable}): a side is read only while the other
 * side's channel is writable, so what one connection buffers is bounded by the write high water mark plus one read.
 * Each read is one "packet" of the IPVS counters: from the client {@link Connection#inbound}, from the real server
 * {@link Connection#outbound}; the entry's timer is refreshed (DATA) at most once a second. A side's FIN becomes
 * CLIENT_FIN / SERVER_FIN and, once what was read before it is written, a FIN (shutdownOutput) on the other side;
 * when both directions are done both channels close (CLOSED). An error or reset on one side resets the other
 * (SO_LINGER 0) and is CLIENT_RST / SERVER_RST.
 */
final class TcpSession {

    private static final long REFRESH_NANOS = 1_000_000_000L;

    private final ProxyContext ctx;
    private final TcpProxyListener listener;
    private final Channel client;
    private final ProxiedService service;
    /**
     * Client data read before the real server was connected (Netty reads on a FIN even without a read request);
     * created when first needed, which is rarely: most connections never have any.
     */
    private ArrayDeque<ByteBuf> early;
    private Channel server;
    private Connection entry;
    private int attempts;
    private boolean sorry;
    private boolean relaying;
    private boolean spliced;
    private boolean ended;
    private boolean clientIn;
    private boolean serverIn;
    private boolean clientOut;
    private boolean serverOut;
    /** io_uring: the client's / the server's socket was made blocking after its FIN ({@link #writingAfterFin}). */
    private boolean clientBlocking;
    private boolean serverBlocking;
    private long nextRefresh;

    TcpSession(ProxyContext ctx, TcpProxyListener listener, Channel client) {
        this.ctx = ctx;
        this.listener = listener;
        this.client = client;
        this.service = listener.service();
    }

    RelayHandler clientHandler() {
        return new RelayHandler(this, Side.CLIENT);
    }

    // ---- connecting ----

    /** The client's channel is active: schedule and connect. */
    void start() {
        ctx.counters().accepted();
        schedule();
    }

    private void schedule() {
        long now = ctx.now();
        ScheduleInput in = new ScheduleInput(Addresses.ip(client.remoteAddress()),
                Addresses.port(client.remoteAddress()), service.key().address(), service.key().port(), Protocol.TCP);
        switch (ctx.conns().schedule(service.service().view(), in, now)) {
            case ScheduleResult.Scheduled s -> {
                entry = s.connection();
                ctx.conns().onProxyEvent(entry, ProxyEvent.CLIENT_ACCEPTED, now);
                ctx.sessions().add(entry, this);
                connect(Addresses.socket(entry.destAddress(), entry.destPort()));
            }
            case ScheduleResult.NoDestination n -> fallBack();
        }
    }

    private void connect(InetSocketAddress to) {
        ChannelFuture f = ctx.upstream().connect(client.eventLoop(), new RelayHandler(this, Side.SERVER), to);
        f.addListener(done -> {
            if (client.eventLoop().inEventLoop()) {
                connected(f);
            } else { // a channel that could not even be created reports on Netty's global executor
                client.eventLoop().execute(() -> connected(f));
            }
        });
    }

    private void connected(ChannelFuture f) {
        if (ended) {
            f.channel().close();
            return;
        }
        if (!f.isSuccess()) {
            connectFailed(f.cause());
            return;
        }
        server = f.channel(); // pinned (EpollPin) when created, see Upstream
        long now = ctx.now();
        if (entry != null) {
            ctx.conns().onProxyEvent(entry, ProxyEvent.SERVER_CONNECTED, now);
            nextRefresh = now + REFRESH_NANOS;
        }
        relay();
    }

    private void connectFailed(Throwable cause) {
        boolean noDescriptor = Failures.tooManyOpenFiles(cause);
        ctx.counters().connectFailed(Failures.timedOut(cause));
        if (entry != null) {
            ctx.conns().onProxyEvent(entry, Failures.refused(cause) ? ProxyEvent.SERVER_RST : ProxyEvent.CLOSED,
                    ctx.now());
            ctx.sessions().remove(entry, this);
            entry = null;
        }
        if (noDescriptor) {
            listener.fault("cannot connect to a real server: too many open files; client reset");
            refuse();
        } else if (sorry) {
            refuse();
        } else if (++attempts < ctx.options().connectAttempts()) {
            schedule();
        } else {
            fallBack();
        }
    }

    /** No destination, or every attempt failed: the sorry server, else a reset. */
    private void fallBack() {
        Optional<InetSocketAddress> to = service.sorryServer();
        if (to.isEmpty()) {
            refuse();
            return;
        }
        sorry = true;
        ctx.counters().sorryServed();
        connect(to.get());
    }

    private void refuse() {
        ctx.counters().refused();
        end();
        reset(client);
    }

    // ---- relaying ----

    private void relay() {
        relaying = true;
        if (!sorry && service.proxyProtocol().isPresent()) {
            byte[] header = service.proxyProtocol().get().header(false, Addresses.ip(client.remoteAddress()),
                    Addresses.port(client.remoteAddress()), service.key().address(), service.key().port());
            server.write(Unpooled.wrappedBuffer(header), server.voidPromise());
        }
        if (early != null) {
            while (!early.isEmpty()) {
                forward(Side.CLIENT, early.poll());
            }
            early = null;
        }
        server.flush();
        if (clientIn) {
            finHalf(Side.CLIENT);
        }
        if (ctx.splicing() && Splice.start(this, client, server)) {
            spliced = true;
            return;
        }
        if (!clientIn) {
            client.read();
        }
        server.read();
    }

    /** A read from {@code from}'s channel. */
    void read(Side from, ByteBuf data) {
        if (ended) {
            data.release();
        } else if (!relaying) {
            if (early == null) {
                early = new ArrayDeque<>(2);
            }
            early.add(data);
        } else {
            forward(from, data);
        }
    }

    private void forward(Side from, ByteBuf data) {
        if (entry != null) {
            if (from == Side.CLIENT) {
                entry.inbound(data.readableBytes());
            } else {
                entry.outbound(data.readableBytes());
            }
            if (dropped()) {
                data.release();
                return;
            }
        }
        Channel to = channel(from.other());
        to.write(data, to.voidPromise());
    }

    /**
     * Refreshes the entry at most once a second; true when it was dropped because its destination was removed
     * and expire_nodest_conn is on (the table's expiry listener then closes this connection).
     */
    private boolean dropped() {
        if (!entry.destination().available() && ctx.conns().options().expireNodestConn()) {
            ctx.conns().admit(entry, false, ctx.now());
            return true;
        }
        long now = ctx.now();
        if (now - nextRefresh >= 0) {
            nextRefresh = now + REFRESH_NANOS;
            ctx.conns().onProxyEvent(entry, ProxyEvent.DATA, now);
        }
        return false;
    }

    /** The end of one read burst from {@code from}: flush to the other side, read on while it is writable. */
    void readComplete(Side from) {
        if (ended || !relaying || spliced) {
            return;
        }
        Channel to = channel(from.other());
        if (inputDone(from.other()) && queued(to)) { // a burst that read nothing (the FIN's) writes nothing
            writingAfterFin(from.other());
        }
        to.flush();
        if (to.isWritable() && !inputDone(from)) {
            channel(from).read();
        }
    }

    /** {@code side}'s channel changed writability: reading the other side resumes once it is writable again. */
    void writable(Side side) {
        if (ended || !relaying || spliced) {
            return;
        }
        Side from = side.other();
        if (channel(side).isWritable() && !inputDone(from)) {
            channel(from).read();
        }
    }

    /** {@code from} sent its FIN (all its data has been read). */
    void inputShutdown(Side from) {
        if (ended || inputDone(from)) {
            return;
        }
        if (from == Side.CLIENT) {
            clientIn = true;
        } else {
            serverIn = true;
        }
        if (queued(channel(from))) {
            writingAfterFin(from); // a write may be in flight: it must not stall either
        }
        if (relaying) {
            finHalf(from);
        }
    }

    /**
     * CLIENT_FIN / SERVER_FIN, then a FIN towards the other side once what was read before it is written (an empty
     * write's completion says so; with nothing queued there, at once: on io_uring the empty write would be one more
     * operation and one more loop turn per connection). When that FIN is the last thing left (the other side's FIN
     * was read and passed on already), both channels are closed instead: close sends the FIN, and a shutdown first
     * would be one more system call per connection.
     */
    private void finHalf(Side from) {
        if (entry != null) {
            ctx.conns().onProxyEvent(entry, from.fin(), ctx.now());
        }
        Side toSide = from.other();
        Channel to = channel(toSide);
        boolean last = inputDone(toSide) && outputDone(from);
        if (nothingQueued(to)) {
            passFin(toSide, last);
            return;
        }
        to.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> {
            if (!written.isSuccess()) {
                abort(toSide);
            } else {
                passFin(toSide, last);
            }
        });
    }

    private void passFin(Side toSide, boolean last) {
        if (ended) {
            return;
        }
        if (last) {
            closeBoth(); // every input is at its end, nothing unread: close sends a FIN, not a reset
            return;
        }
        Channel to = channel(toSide);
        if (to instanceof UnixChannel unix && unix.fd() instanceof Socket socket) {
            // the FIN itself, not through Netty's shutdownOutput: that builds an exception, stack trace and all, on
            // every call (to fail queued writes, and nothing is queued here), ~2% of the CPU of a connection
            boolean ok;
            try {
                socket.shutdown(false, true);
                ok = true;
            } catch (IOException | RuntimeException e) {
                ok = false;
            }
            outputShutdown(toSide, ok);
        } else {
            ((DuplexChannel) to).shutdownOutput().addListener(shut -> outputShutdown(toSide, shut.isSuccess()));
        }
    }

    /** Whether {@code ch} is open with no write queued or in flight (a write leaves the buffer once it completed). */
    private static boolean nothingQueued(Channel ch) {
        return ch.unsafe().outboundBuffer() != null && !queued(ch);
    }

    /** Whether {@code ch} has a write queued or in flight; false once it is closed. */
    private static boolean queued(Channel ch) {
        ChannelOutboundBuffer b = ch.unsafe().outboundBuffer();
        return b != null && (!b.isEmpty() || b.totalPendingWriteBytes() > 0);
    }

    private void outputShutdown(Side side, boolean ok) {
        if (ended) {
            return;
        }
        if (!ok) {
            abort(side);
            return;
        }
        if (side == Side.CLIENT) {
            clientOut = true;
        } else {
            serverOut = true;
        }
        if (clientIn && serverIn && clientOut && serverOut) {
            closeBoth();
        } else if (!inputDone(side)) {
            // what is left of this side is its FIN, the last thing of the connection: Netty then closes the channel
            // (see inactive) instead of a shutdown(SHUT_RD), which fails on a socket past its FIN exchange and
            // builds an exception for it, on every connection whose client closes last
            channel(side).config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
        }
    }

    /** Both directions are done (CLOSED). */
    private void closeBoth() {
        end();
        if (entry != null) {
            ctx.conns().onProxyEvent(entry, ProxyEvent.CLOSED, ctx.now());
        }
        client.close();
        server.close();
    }

    /** An error (typically a reset) on {@code side}: reset the other side too. */
    void abort(Side side) {
        if (ended) {
            return;
        }
        end();
        if (entry != null) {
            ctx.conns().onProxyEvent(entry, side.rst(), ctx.now());
        }
        reset(channel(side.other()));
        reset(channel(side));
    }

    /**
     * {@code side}'s channel closed. After this session's FIN towards it, that is its peer's FIN (half-closure was
     * switched off, {@link #outputShutdown}; a reset is {@link #abort} first); otherwise, unless this session closed
     * it, an abort.
     */
    void inactive(Side side) {
        if (ended) {
            return;
        }
        if (relaying && outputDone(side) && !inputDone(side)) {
            inputShutdown(side);
        } else if (side == Side.CLIENT || relaying) {
            abort(side);
        }
    }

    /** The table let the entry go (timed out, or dropped for a removed destination): close both sides. */
    void expired() {
        try {
            client.eventLoop().execute(() -> {
                if (!ended) {
                    end();
                    client.close();
                    if (server != null) {
                        server.close();
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // the data plane is closed: its event loops closed every channel already
        }
    }

    private void end() {
        ended = true;
        ctx.counters().ended();
        if (entry != null) {
            ctx.sessions().remove(entry, this);
        }
        if (early != null) {
            while (!early.isEmpty()) {
                early.poll().release();
            }
            early = null;
        }
    }

    private static void reset(Channel ch) {
        if (ch != null && ch.isOpen()) {
            ch.config().setOption(ChannelOption.SO_LINGER, 0);
            ch.close();
        }
    }

    /**
     * io_uring: {@code side}'s FIN was read and something is (or is about to be) written to it; writing on after the
     * FIN must not stall ({@link UringPollOut}): its socket is made blocking, once. Done lazily, not at the FIN:
     * most connections write nothing after their peer's FIN (a request's response is written before the server's
     * FIN, and the client's FIN is then the last thing left), and those save the two system calls.
     */
    private void writingAfterFin(Side side) {
        if (side == Side.CLIENT ? clientBlocking : serverBlocking) {
            return;
        }
        if (side == Side.CLIENT) {
            clientBlocking = true;
        } else {
            serverBlocking = true;
        }
        UringPollOut.inputShutdown(channel(side));
    }

    private boolean inputDone(Side side) {
        return side == Side.CLIENT ? clientIn : serverIn;
    }

    private boolean outputDone(Side side) {
        return side == Side.CLIENT ? clientOut : serverOut;
    }

    private Channel channel(Side side) {
        return side == Side.CLIENT ? client : server;
    }

    // ---- for tests and status ----

    /** Where the relay stands, for a test's failure message: which FINs were read and passed on, what is pending. */
    String state() {
        return (ended ? "ended" : relaying ? "relaying" : "connecting")
                + "; client FIN " + (clientIn ? "read" : "not read") + ", " + (serverOut ? "" : "not ") + "passed on"
                + "; server FIN " + (serverIn ? "read" : "not read") + ", " + (clientOut ? "" : "not ") + "passed on"
                + "; pending to the client " + pending(client) + " bytes, to the server " + pending(server) + " bytes";
    }

    /** Bytes this connection holds in user space (both channels' pending writes). */
    long bufferedBytes() {
        return pending(client) + pending(server);
    }

    private static long pending(Channel ch) {
        if (ch == null) {
            return 0;
        }
        ChannelOutboundBuffer b = ch.unsafe().outboundBuffer();
        return b == null ? 0 : b.totalPendingWriteBytes();
    }
}
