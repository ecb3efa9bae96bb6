package io.fulcrum.dataplane.proxy;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.function.Consumer;

/**
 * The event loops and channel types the proxy runs on: Netty's native epoll transport when it is available and
 * wanted, else Java NIO (said once in the log, with the reason). Owns its event loop group.
 */
public final class ProxyTransport implements AutoCloseable {

    private final boolean epoll;
    private final EventLoopGroup group;

    public ProxyTransport(ProxyOptions options, Consumer<String> log) {
        boolean available = Epoll.isAvailable();
        this.epoll = options.preferNative() && available;
        if (!epoll) {
            log.accept(options.preferNative()
                    ? "Proxy: native epoll unavailable (" + Epoll.unavailabilityCause() + "); using Java NIO,"
                            + " without IP_FREEBIND and splice"
                    : "Proxy: using Java NIO as configured, without IP_FREEBIND and splice");
        }
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        int threads = options.ioThreads() > 0 ? options.ioThreads() : Runtime.getRuntime().availableProcessors();
        this.group = new MultiThreadIoEventLoopGroup(threads, io);
    }

    /** Whether the native epoll transport is in use (IP_FREEBIND and splice need it). */
    public boolean nativeEpoll() {
        return epoll;
    }

    public EventLoopGroup group() {
        return group;
    }

    public Class<? extends ServerChannel> serverChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends Channel> socketChannel() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public Class<? extends DatagramChannel> datagramChannel() {
        return epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    /** Sets IP_FREEBIND on a listening bootstrap when the transport can (binding a VIP not yet on this host). */
    public void freebind(AbstractBootstrap<?, ?> bootstrap) {
        if (epoll) {
            bootstrap.option(EpollChannelOption.IP_FREEBIND, true);
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
