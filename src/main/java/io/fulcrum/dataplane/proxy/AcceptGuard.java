package io.fulcrum.dataplane.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;

/**
 * On the listening channel, ahead of Netty's acceptor: every accepted channel is pinned ({@link EpollPin}) before it
 * is registered, so its first epoll_ctl already carries the pin instead of a second one after registration. And a
 * failed accept (EMFILE above all) is logged through the listener (rate limited),
 * counted, and accepting pauses briefly and resumes, so the listener survives and recovers as soon as descriptors
 * are free. The exception goes no further (Netty's own back-off would pause a full second and log a warning).
 */
final class AcceptGuard extends ChannelInboundHandlerAdapter {

    private static final long PAUSE_MILLIS = 50;

    private final TcpProxyListener listener;

    AcceptGuard(TcpProxyListener listener) {
        this.listener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Channel child) {
            EpollPin.pin(child);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        listener.acceptFailed(cause);
        ChannelConfig config = ctx.channel().config();
        if (config.isAutoRead()) {
            config.setAutoRead(false);
            ctx.executor().schedule(() -> {
                if (ctx.channel().isOpen()) {
                    config.setAutoRead(true);
                }
            }, PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }
}
