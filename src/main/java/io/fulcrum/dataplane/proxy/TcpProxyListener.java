package io.fulcrum.dataplane.proxy;

import io.fulcrum.ipvs.ServiceKey;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * The TCP listener of one virtual service: bound to VIP:port with IP_FREEBIND (native transports) and SO_REUSEADDR,
 * with a native transport once per event loop (SO_REUSEPORT), each socket accepting onto its own loop; every accepted client
 * becomes a {@link TcpSession} on the client channel's event loop. Closing it stops accepting; established
 * connections go on.
 */
final class TcpProxyListener implements ProxyListener {

    private static final long FAULT_LOG_INTERVAL_NANOS = 1_000_000_000L;

    private final ProxyContext ctx;
    private final ServiceKey.Inet key;
    private final RateLimitedLog faults;
    private volatile ProxiedService service;
    private final List<Channel> channels = new ArrayList<>();

    TcpProxyListener(ProxyContext ctx, ProxiedService service) {
        this.ctx = ctx;
        this.key = service.key();
        this.service = service;
        this.faults = new RateLimitedLog(ctx.nanoTime(), ctx.log(), FAULT_LOG_INTERVAL_NANOS);
    }

    @Override
    public void bind() throws ProxyBindException {
        // With a native transport, one listening socket per event loop (SO_REUSEPORT), each accepting onto its own loop:
        // the kernel spreads new connections over them, and no accepted channel is handed to another thread.
        List<EventLoopGroup> loops = new ArrayList<>();
        if (ctx.transport().nativeTransport()) {
            ctx.transport().group().forEach(e -> loops.add((EventLoop) e));
        } else {
            loops.add(ctx.transport().group());
        }
        for (EventLoopGroup loop : loops) {
            ServerBootstrap b = new ServerBootstrap()
                    .group(loop, loop)
                    .channel(ctx.transport().serverChannel())
                    .handler(new AcceptGuard(this))
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new TcpSession(ctx, TcpProxyListener.this, ch).clientHandler());
                        }
                    });
            SocketSettings.server(b);
            ctx.transport().freebind(b);
            if (loops.size() > 1) {
                ctx.transport().reusePort(b);
            }
            ChannelFuture f = b.bind(Addresses.socket(key.address(), key.port())).awaitUninterruptibly();
            if (!f.isSuccess()) {
                close();
                throw new ProxyBindException(address() + ": " + Failures.reason(f.cause()), f.cause());
            }
            channels.add(f.channel());
        }
    }

    @Override
    public void update(ProxiedService s) {
        service = s;
    }

    /** The settings new connections use (a connection keeps those it was accepted with). */
    ProxiedService service() {
        return service;
    }

    /** A fault worth an operator's attention, at most one line a second per listener. */
    void fault(String what) {
        faults.log("Proxy " + key + ": " + what);
    }

    void acceptFailed(Throwable cause) {
        ctx.counters().acceptError();
        fault("accept failed: " + Failures.reason(cause) + "; retrying, new clients wait in the accept queue");
    }

    String address() {
        return Addresses.label(key.address(), key.port());
    }

    @Override
    public void close() {
        channels.forEach(ch -> ch.close().awaitUninterruptibly());
        channels.clear();
    }
}
