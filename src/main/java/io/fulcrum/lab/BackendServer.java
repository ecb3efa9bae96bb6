package io.fulcrum.lab;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.codec.http.HttpRequestDecoder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code fulcrum backend}'s server: answers GET and HEAD with a fixed page on every listen address, with the
 * failures {@link BackendSettings} asks for. Start it, read {@link #addresses()}, {@link #close()} it.
 */
public final class BackendServer implements AutoCloseable {

    private static final int BACKLOG = 1024;
    private static final long SHUTDOWN_TIMEOUT_MS = 2000;

    private final EventLoopGroup group;
    private final List<Channel> listeners;
    private final List<BackendAddress> addresses;
    private final BackendPolicy policy;
    private final BackendTransport transport;
    private final CountDownLatch closed = new CountDownLatch(1);

    private BackendServer(EventLoopGroup group, List<Channel> listeners, BackendPolicy policy,
            BackendTransport transport) {
        this.group = group;
        this.listeners = List.copyOf(listeners);
        this.addresses = listeners.stream().map(c -> BackendAddress.of((InetSocketAddress) c.localAddress())).toList();
        this.policy = policy;
        this.transport = transport;
    }

    /**
     * Binds every address and starts answering; on failure nothing stays bound.
     *
     * @param notes where a fallback to NIO is said (once)
     * @throws BackendException naming the address that cannot be bound, or the transport that cannot load
     */
    public static BackendServer start(BackendSettings settings, Consumer<String> notes) throws BackendException {
        BackendTransport transport = settings.transport().resolve(notes);
        BackendPolicy policy = new BackendPolicy(settings);
        Map<BackendAddress, BackendResponses> byListener = new ConcurrentHashMap<>();
        long delayNanos = settings.delay().toNanos();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(settings.threads(), transport.ioHandlers());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        BackendAddress listener = BackendAddress.of((InetSocketAddress) ch.parent().localAddress());
                        BackendResponses responses = byListener.computeIfAbsent(listener,
                                l -> new BackendResponses(settings, l));
                        ch.pipeline().addLast(new HttpRequestDecoder(), new BackendHandler(policy, responses,
                                delayNanos));
                    }
                });
        List<Channel> bound = new ArrayList<>();
        for (BackendAddress address : settings.listen()) {
            ChannelFuture f = bootstrap.bind(address.socketAddress()).awaitUninterruptibly();
            if (!f.isSuccess()) {
                stop(bound, group);
                throw new BackendException("cannot listen on " + address + ": " + reason(f.cause()));
            }
            bound.add(f.channel());
        }
        return new BackendServer(group, bound, policy, transport);
    }

    /** The system's words for a bind failure, without Netty's {@code bind(..) failed with error(-98): } prefix. */
    private static String reason(Throwable cause) {
        String m = cause.getMessage();
        if (m == null) {
            return cause.getClass().getSimpleName();
        }
        return m.substring(m.lastIndexOf(": ") + 1).strip();
    }

    /** The bound addresses, in the order given, with the ports the kernel chose for port 0. */
    public List<BackendAddress> addresses() {
        return addresses;
    }

    /** EPOLL or NIO. */
    public BackendTransport transport() {
        return transport;
    }

    public BackendStats stats() {
        return policy.stats();
    }

    /**
     * Stops listening, closes the connections and the threads. Idempotent. Every wait is bounded, so a stop cannot
     * hang even when an event loop has died.
     */
    @Override
    public void close() {
        stop(listeners, group);
        closed.countDown();
    }

    private static void stop(List<Channel> listening, EventLoopGroup loops) {
        listening.forEach(c -> c.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MS));
        loops.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(2 * SHUTDOWN_TIMEOUT_MS);
    }

    /** Returns once {@link #close()} has finished. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }
}
