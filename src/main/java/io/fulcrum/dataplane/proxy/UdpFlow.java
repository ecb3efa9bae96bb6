package io.fulcrum.dataplane.proxy;

import io.fulcrum.ipvs.conn.Connection;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * One client's flow: a datagram socket connected to the real server (an ephemeral local port), on the listener's
 * event loop. It sends the client's datagrams, each with the PROXY header first when the service asks for one,
 * and hands the server's replies and its socket errors to its {@link Owner}. Until the socket is connected it
 * holds at most {@code pendingLimit} datagrams; after that it sends only while the socket is writable. Used on its
 * event loop only.
 */
final class UdpFlow {

    /** The listener: relays replies and hears of failures. */
    interface Owner {
        /** A datagram from the server; the flow releases it afterwards. */
        void reply(UdpFlow flow, ByteBuf datagram);

        /** The socket failed (port unreachable, connect or write error): close the flow. */
        void failed(UdpFlow flow, Throwable cause);
    }

    private static final byte[] NO_HEADER = {};

    private final InetSocketAddress client;
    private final InetSocketAddress server;
    private final Connection entry;
    private final boolean onePacket;
    private final byte[] header;
    private final int pendingLimit;
    private final ArrayDeque<ByteBuf> pending = new ArrayDeque<>();
    private Channel channel;
    private boolean connected;
    private boolean closed;
    private long deadline;

    /**
     * @param entry     the table entry, or null for a flow to the sorry server (not a table entry)
     * @param onePacket a one-packet flow: one datagram, closed after its first reply
     * @param header    the PROXY header to put before each datagram, or null for none
     */
    UdpFlow(InetSocketAddress client, InetSocketAddress server, Connection entry, boolean onePacket, byte[] header,
            int pendingLimit) {
        this.client = client;
        this.server = server;
        this.entry = entry;
        this.onePacket = onePacket;
        this.header = header != null ? header : NO_HEADER;
        this.pendingLimit = pendingLimit;
    }

    InetSocketAddress client() {
        return client;
    }

    InetSocketAddress server() {
        return server;
    }

    /** The table entry; null for a sorry-server flow. */
    Connection entry() {
        return entry;
    }

    boolean onePacket() {
        return onePacket;
    }

    /** When a flow outside the table (sorry server, one-packet) is closed, in monotonic nanoseconds. */
    long deadline() {
        return deadline;
    }

    void deadline(long nanos) {
        deadline = nanos;
    }

    /** Opens the socket on {@code loop} from the listener's bootstrap and connects it to the server. */
    void open(Bootstrap template, EventLoop loop, Owner owner) {
        ChannelFuture f = template.clone(loop).handler(new Replies(owner)).connect(server);
        channel = f.channel();
        f.addListener(done -> {
            if (closed) {
                // closed before the socket connected (an asynchronous connect, as with io_uring): what the client
                // sent still goes out, then the socket closes
                if (done.isSuccess()) {
                    drainPending();
                }
                releasePending();
                channel.close();
                return;
            }
            if (!done.isSuccess()) {
                owner.failed(this, done.cause());
                return;
            }
            connected = true;
            drainPending();
        });
    }

    private void drainPending() {
        while (!pending.isEmpty()) {
            channel.write(pending.poll(), channel.voidPromise());
        }
        channel.flush();
    }

    private void releasePending() {
        while (!pending.isEmpty()) {
            pending.poll().release();
        }
    }

    /** Sends a copy of one client datagram (header first); false when it was dropped for backlog. */
    boolean send(ByteBuf payload) {
        if (closed || (connected ? !channel.isWritable() : pending.size() >= pendingLimit)) {
            return false;
        }
        ByteBuf out = channel.alloc().ioBuffer(header.length + payload.readableBytes());
        out.writeBytes(header).writeBytes(payload, payload.readerIndex(), payload.readableBytes());
        if (connected) {
            channel.writeAndFlush(out, channel.voidPromise()); // a failure reaches exceptionCaught
        } else {
            pending.add(out);
        }
        return true;
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (channel != null && !connected && !channel.isActive() && channel.isOpen() && !pending.isEmpty()) {
            return; // still connecting: the connect listener sends what is pending, then closes
        }
        releasePending();
        if (channel != null) {
            channel.close();
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** The socket's local address once bound (tests), else null. */
    InetSocketAddress localAddress() {
        return channel == null ? null : (InetSocketAddress) channel.localAddress();
    }

    /** Whether the socket is open (tests). */
    boolean socketOpen() {
        return channel != null && channel.isOpen();
    }

    private final class Replies extends ChannelInboundHandlerAdapter {
        private final Owner owner;

        Replies(Owner owner) {
            this.owner = owner;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (!closed) {
                    if (msg instanceof DatagramPacket p) {
                        owner.reply(UdpFlow.this, p.content());
                    } else if (msg instanceof ByteBuf b) {
                        owner.reply(UdpFlow.this, b);
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!closed) {
                owner.failed(UdpFlow.this, cause);
            }
        }
    }

    @Override
    public String toString() {
        return Addresses.label(client) + " -> " + Addresses.label(server);
    }
}
