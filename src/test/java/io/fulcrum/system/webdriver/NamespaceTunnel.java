package io.fulcrum.system.webdriver;

import io.fulcrum.lab.Netns;
import io.fulcrum.nativeio.NetnsThread;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP port on this process's loopback that leads to {@code 127.0.0.1:PORT} inside a network namespace, so that a
 * client here reaches a server that listens only on the namespace's loopback: each accepted connection is relayed
 * to a socket that a thread inside the namespace ({@link NetnsThread}, setns) connected. Closing stops both ends.
 */
final class NamespaceTunnel implements AutoCloseable {

    private final NetnsThread inside;
    private final int port;
    private final ServerSocketChannel server;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();

    private NamespaceTunnel(NetnsThread inside, int port, ServerSocketChannel server) {
        this.inside = inside;
        this.port = port;
        this.server = server;
    }

    /** Starts relaying connections to {@code 127.0.0.1:port} in {@code ns}. */
    static NamespaceTunnel open(Netns ns, int port) throws Exception {
        NetnsThread inside = NetnsThread.enter(ns.name());
        try {
            ServerSocketChannel server = ServerSocketChannel.open()
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            NamespaceTunnel tunnel = new NamespaceTunnel(inside, port, server);
            Thread.ofVirtual().name("tunnel-accept-" + ns.name() + "-" + port).start(tunnel::accept);
            return tunnel;
        } catch (IOException | RuntimeException e) {
            inside.close();
            throw e;
        }
    }

    /** The port on this process's loopback. */
    int localPort() {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("tunnel closed", e);
        }
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel outside = server.accept();
                SocketChannel target;
                try {
                    target = this.inside.call(() -> SocketChannel.open(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
                } catch (Exception e) {
                    outside.close();
                    continue;
                }
                open.add(outside);
                open.add(target);
                AtomicInteger ended = new AtomicInteger();
                Thread.ofVirtual().start(() -> relay(outside, target, ended));
                Thread.ofVirtual().start(() -> relay(target, outside, ended));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /**
     * Copies {@code from} to {@code to} until end of stream, then half-closes {@code to}; closes both when both
     * directions have ended, or at once on an error.
     */
    private void relay(SocketChannel from, SocketChannel to, AtomicInteger ended) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
            if (ended.incrementAndGet() == 2) {
                closeQuietly(from);
                closeQuietly(to);
            }
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(SocketChannel channel) {
        open.remove(channel);
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        open.forEach(this::closeQuietly);
        inside.close();
    }
}
