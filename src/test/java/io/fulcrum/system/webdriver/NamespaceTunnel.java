package io.fulcrum.system.webdriver;

import io.fulcrum.lab.LabException;
import io.fulcrum.lab.Netns;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP port on this process's loopback that leads to {@code 127.0.0.1:PORT} inside a namespace, so that a client
 * here reaches a server that listens only on the namespace's loopback. Inside the namespace {@code socat} listens on
 * a Unix socket (a file, reachable from every namespace) and connects to the port; here each accepted connection is
 * relayed to that Unix socket. Closing stops both ends.
 */
final class NamespaceTunnel implements AutoCloseable {

    private final Process socat;
    private final Path socket;
    private final ServerSocketChannel server;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();

    private NamespaceTunnel(Process socat, Path socket, ServerSocketChannel server) {
        this.socat = socat;
        this.socket = socket;
        this.server = server;
    }

    /** Starts the relay to {@code 127.0.0.1:port} in {@code ns} through the Unix socket {@code socket}. */
    static NamespaceTunnel open(Netns ns, int port, Path socket, Path log) throws LabException, IOException,
            InterruptedException {
        Process socat = ns.start(List.of(Chromedriver.executable("socat"), "UNIX-LISTEN:" + socket
                + ",fork,unlink-early,mode=600", "TCP:127.0.0.1:" + port), log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(socket)) {
            if (!socat.isAlive() || System.nanoTime() > deadline) {
                socat.destroyForcibly();
                throw new IOException("socat did not listen on " + socket + ": " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        NamespaceTunnel tunnel = new NamespaceTunnel(socat, socket, server);
        Thread.ofVirtual().name("tunnel-accept-" + port).start(tunnel::accept);
        return tunnel;
    }

    /** The port on this process's loopback. */
    int port() {
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
                SocketChannel inside;
                try {
                    inside = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                } catch (IOException e) {
                    outside.close();
                    continue;
                }
                open.add(outside);
                open.add(inside);
                AtomicInteger ended = new AtomicInteger();
                Thread.ofVirtual().start(() -> relay(outside, inside, ended));
                Thread.ofVirtual().start(() -> relay(inside, outside, ended));
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
        socat.descendants().forEach(ProcessHandle::destroyForcibly);
        socat.destroyForcibly();
        try {
            socat.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(socket);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the directory goes with its owner
        }
    }
}
