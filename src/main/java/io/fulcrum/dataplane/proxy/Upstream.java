package io.fulcrum.dataplane.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.resolver.NoopAddressResolverGroup;
import java.net.InetSocketAddress;

/**
 * Opens connections to real servers (and sorry servers) on the event loop of the client connection they serve, so
 * both ends of a relayed connection share one thread (no locking, and splice needs it).
 */
final class Upstream {

    private final Bootstrap template;

    Upstream(ProxyTransport transport, ProxyOptions options) {
        ChannelFactory<Channel> channels = new ReflectiveChannelFactory<>(transport.socketChannel());
        ChannelFactory<Channel> pinned = () -> {
            Channel ch = channels.newChannel();
            EpollPin.pin(ch); // before registration: the first epoll_ctl carries it
            return ch;
        };
        template = new Bootstrap().group(transport.group()).channelFactory(pinned)
                .resolver(NoopAddressResolverGroup.INSTANCE); // addresses come resolved from the table
        int timeout = (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis());
        SocketSettings.client(template, Math.max(1, timeout));
    }

    ChannelFuture connect(EventLoop loop, ChannelHandler handler, InetSocketAddress to) {
        return template.clone(loop).handler(handler).connect(to);
    }
}
