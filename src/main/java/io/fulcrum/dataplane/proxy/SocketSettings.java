package io.fulcrum.dataplane.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.internal.PlatformDependent;

/**
 * The socket options of both ends of a relayed connection, in one place. Memory per connection and direction is
 * bounded by the high water mark plus one read (at most 64 KiB, Netty's adaptive receive buffer): a side is read
 * only while the other side's channel is writable. Netty 4.2's epoll transport is always level-triggered, which
 * splice needs. TCP_NODELAY is on: Netty's socket channels set it themselves when they are created (everywhere but
 * Android), so it is only asked for where they do not; asking again would cost a setsockopt per socket.
 */
final class SocketSettings {

    /** Below 32 KiB pending a channel is writable again; above 64 KiB it is not. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);
    /** Accept queue length asked for (the kernel caps it at net.core.somaxconn). */
    static final int BACKLOG = 4096;

    private SocketSettings() {
    }

    static void server(ServerBootstrap b) {
        b.option(ChannelOption.SO_BACKLOG, BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK);
        if (!PlatformDependent.canEnableTcpNoDelayByDefault()) {
            b.childOption(ChannelOption.TCP_NODELAY, true);
        }
    }

    static void client(Bootstrap b, int connectTimeoutMillis) {
        b.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK);
        if (!PlatformDependent.canEnableTcpNoDelayByDefault()) {
            b.option(ChannelOption.TCP_NODELAY, true);
        }
    }
}
