package io.fulcrum.web;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The embedded HTTP server of the status page, the JSON API, the event stream and {@code /metrics} (Netty, one
 * thread). It only reads: once a second it asks its {@link StatusSource} for the daemon's state, keeps it, and
 * pushes it to the event stream's subscribers; requests are answered from the state it keeps, so a slow or
 * hostile client never reaches the daemon's own threads.
 */
public final class WebServer implements AutoCloseable {

    /** Connections beyond this are closed at once. */
    static final int MAX_CONNECTIONS = 256;
    static final int MAX_REQUEST_BYTES = 16 * 1024;
    static final long REFRESH_MILLIS = 1000;
    static final int IDLE_SECONDS = 120;

    private final EventLoopGroup group;
    private final Channel listener;
    private final Consumer<String> log;

    private WebServer(EventLoopGroup group, Channel listener, Consumer<String> log) {
        this.group = group;
        this.listener = listener;
        this.log = log;
    }

    /**
     * Binds {@code options}' address and starts refreshing from {@code source}.
     *
     * @param nanos monotonic time (the sparklines' sampling)
     * @param wall  wall-clock time (the documents' time stamp)
     * @throws WebStartException naming the address when it cannot be bound
     */
    public static WebServer start(WebOptions options, StatusSource source, LongSupplier nanos,
            Supplier<Instant> wall, Consumer<String> log) throws WebStartException {
        return start(options, source, nanos, wall, log, true);
    }

    static WebServer start(WebOptions options, StatusSource source, LongSupplier nanos, Supplier<Instant> wall,
            Consumer<String> log, boolean jvmMetrics) throws WebStartException {
        WebSite site = new WebSite(new StatusHub(nanos, wall,
                new History(History.DEFAULT_INTERVAL_NANOS, History.DEFAULT_CAPACITY)), options.token(), jvmMetrics);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        AtomicInteger connections = new AtomicInteger();
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (connections.incrementAndGet() > MAX_CONNECTIONS) {
                            connections.decrementAndGet();
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> connections.decrementAndGet());
                        ch.pipeline().addLast(new IdleStateHandler(0, 0, IDLE_SECONDS),
                                new HttpServerCodec(4096, 8192, 8192),
                                new HttpObjectAggregator(MAX_REQUEST_BYTES),
                                new WebHandler(site));
                    }
                });
        ChannelFuture bound = b.bind(new InetSocketAddress(inet(options), options.port())).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            Throwable e = bound.cause();
            throw new WebStartException("the status page cannot listen on " + options.endpoint() + ": "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        Channel listener = bound.channel();
        FailureLog failures = new FailureLog(log);
        Consumer<StatusView> publish = view -> group.execute(() -> publish(site, view, failures));
        group.scheduleAtFixedRate(() -> refresh(source, publish, failures), 0, REFRESH_MILLIS,
                TimeUnit.MILLISECONDS);
        return new WebServer(group, listener, log);
    }

    private static InetAddress inet(WebOptions options) {
        try {
            return InetAddress.getByAddress(options.address().bytes());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address " + options.address(), e);
        }
    }

    private static void refresh(StatusSource source, Consumer<StatusView> publish, FailureLog failures) {
        try {
            source.refresh(publish);
        } catch (RuntimeException e) {
            failures.failed("reading the daemon's state", e);
        }
    }

    private static void publish(WebSite site, StatusView view, FailureLog failures) {
        try {
            site.publish(view);
            failures.succeeded();
        } catch (RuntimeException e) {
            failures.failed("publishing the daemon's state", e);
        }
    }

    /** Logs the first failure of a run of failures (they would repeat every second), and the recovery. */
    private static final class FailureLog {
        private final Consumer<String> log;
        private boolean failing;

        FailureLog(Consumer<String> log) {
            this.log = log;
        }

        void failed(String what, RuntimeException e) {
            if (!failing) {
                failing = true;
                log.accept("Status page: " + what + " failed (the page keeps the last state; logged once): " + e);
            }
        }

        void succeeded() {
            if (failing) {
                failing = false;
                log.accept("Status page: the daemon's state is read again");
            }
        }
    }

    /** The address and port it listens on (the port chosen when 0 was asked). */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    /** Closes the listener and every connection, event streams included. */
    @Override
    public void close() {
        listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        log.accept("Status page on " + address().getAddress().getHostAddress() + ":" + address().getPort()
                + " closed");
    }
}
