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
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The event loops and channel types the proxy runs on: Netty's io_uring transport, its native epoll one, or Java
 * NIO, as {@link ProxyOptions.Io} asks and the kernel allows. {@code auto} takes io_uring, else native epoll, else
 * NIO (see {@link ProxyOptions.Io}). A fallback is said once in the log, with the reason. Owns its event loop group.
 * On io_uring, {@link UringPollOut} works around a Netty defect that stalled half-closed relays.
 *
 * <p>io_uring's multishot POLL_ADD is switched off (Netty property {@value #MULTISHOT_POLL}, unless given): with it,
 * Netty 4.2.18 missed a reset that arrived while a channel was not reading (AUTO_READ off, the other side not
 * writable), and the relay then hung instead of resetting the client (TcpRelayTest's reset test). One-shot polls
 * see it.
 */
public final class ProxyTransport implements AutoCloseable {

    static final String MULTISHOT_POLL = "io.netty.iouring.pollAddMultishotEnabled";

    /** The transport in use. */
    public enum Kind { IO_URING, EPOLL, NIO }

    private final Kind kind;
    private final EventLoopGroup group;

    public ProxyTransport(ProxyOptions options, Consumer<String> log) {
        this.kind = choose(options.io(), log);
        IoHandlerFactory io = switch (kind) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
        int threads = options.ioThreads() > 0 ? options.ioThreads() : Runtime.getRuntime().availableProcessors();
        this.group = new MultiThreadIoEventLoopGroup(threads, io);
        log.accept("Proxy: " + threads + " event loop(s) on " + switch (kind) {
            case IO_URING -> "io_uring";
            case EPOLL -> "native epoll";
            case NIO -> "Java NIO";
        });
    }

    /** Whether a native transport can run here, and if not, why. */
    record Availability(boolean available, String reason) {

        static Availability ioUring() {
            if (System.getProperty(MULTISHOT_POLL) == null) {
                System.setProperty(MULTISHOT_POLL, "false"); // read once, when IoUring is first used: below
            }
            return new Availability(IoUring.isAvailable(), String.valueOf(IoUring.unavailabilityCause()));
        }

        static Availability epoll() {
            return new Availability(Epoll.isAvailable(), String.valueOf(Epoll.unavailabilityCause()));
        }
    }

    private static Kind choose(ProxyOptions.Io wanted, Consumer<String> log) {
        return choose(wanted, Availability::ioUring, Availability::epoll, log);
    }

    /**
     * The transport for {@code wanted}: NIO as asked; EPOLL native epoll, else NIO; AUTO and IO_URING io_uring, else
     * epoll, else NIO. A transport is only looked at (its native library loaded) when it is a candidate.
     */
    static Kind choose(ProxyOptions.Io wanted, Supplier<Availability> ioUring, Supplier<Availability> epoll,
                       Consumer<String> log) {
        if (wanted == ProxyOptions.Io.NIO) {
            log.accept("Proxy: using Java NIO as configured, without IP_FREEBIND");
            return Kind.NIO;
        }
        if (wanted == ProxyOptions.Io.IO_URING || wanted == ProxyOptions.Io.AUTO) {
            Availability u = ioUring.get();
            if (u.available()) {
                return Kind.IO_URING;
            }
            log.accept("Proxy: io_uring unavailable (" + u.reason() + "); trying native epoll");
        }
        Availability e = epoll.get();
        if (e.available()) {
            return Kind.EPOLL;
        }
        log.accept("Proxy: native epoll unavailable (" + e.reason() + "); using Java NIO, without IP_FREEBIND");
        return Kind.NIO;
    }

    /** The transport in use. */
    public Kind kind() {
        return kind;
    }

    /** Whether the native epoll transport is in use (splice needs it). */
    public boolean nativeEpoll() {
        return kind == Kind.EPOLL;
    }

    /** Whether a native transport is in use: one listening socket per loop (SO_REUSEPORT), IP_FREEBIND. */
    public boolean nativeTransport() {
        return kind != Kind.NIO;
    }

    public EventLoopGroup group() {
        return group;
    }

    public Class<? extends ServerChannel> serverChannel() {
        return switch (kind) {
            case IO_URING -> IoUringServerSocketChannel.class;
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
    }

    public Class<? extends Channel> socketChannel() {
        return switch (kind) {
            case IO_URING -> IoUringSocketChannel.class;
            case EPOLL -> EpollSocketChannel.class;
            case NIO -> NioSocketChannel.class;
        };
    }

    public Class<? extends DatagramChannel> datagramChannel() {
        return switch (kind) {
            case IO_URING -> IoUringDatagramChannel.class;
            case EPOLL -> EpollDatagramChannel.class;
            case NIO -> NioDatagramChannel.class;
        };
    }

    /** Sets IP_FREEBIND on a listening bootstrap when the transport can (binding a VIP not yet on this host). */
    public void freebind(AbstractBootstrap<?, ?> bootstrap) {
        switch (kind) {
            case IO_URING -> bootstrap.option(IoUringChannelOption.IP_FREEBIND, true);
            case EPOLL -> bootstrap.option(EpollChannelOption.IP_FREEBIND, true);
            case NIO -> { }
        }
    }

    /** Sets SO_REUSEPORT on a listening bootstrap (native transports; NIO has one listening socket). */
    void reusePort(AbstractBootstrap<?, ?> bootstrap) {
        switch (kind) {
            case IO_URING -> bootstrap.option(IoUringChannelOption.SO_REUSEPORT, true);
            case EPOLL -> bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
            case NIO -> { }
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
