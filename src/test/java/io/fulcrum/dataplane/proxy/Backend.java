package io.fulcrum.dataplane.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A real server for the proxy tests: blocking sockets on virtual threads, one behaviour per accepted socket. */
final class Backend implements AutoCloseable {

    @FunctionalInterface
    interface Behaviour {
        void serve(Socket s) throws IOException;
    }

    final String name;
    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();

    Backend(String name, Behaviour behaviour) throws IOException {
        this(name, behaviour, 4096);
    }

    Backend(String name, Behaviour behaviour, int backlog) throws IOException {
        this.name = name;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), backlog);
        if (behaviour == null) {
            return; // never accepts: connections wait in the accept queue until it is full
        }
        Thread.ofVirtual().name("backend-" + name).start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    accepted.add(s);
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            behaviour.serve(s);
                        } catch (IOException e) {
                            // the client went away: nothing to do
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    /** Writes its name and a newline, then echoes; on the client's FIN it sends its own and ends. */
    static Backend named(String name) throws IOException {
        return new Backend(name, s -> {
            s.getOutputStream().write((name + "\n").getBytes(StandardCharsets.US_ASCII));
            echo(s);
        });
    }

    /** A listener that never accepts, with an accept queue of {@code backlog}. */
    static Backend neverAccepting(String name, int backlog) throws IOException {
        return new Backend(name, null, backlog);
    }

    static Backend echo(String name) throws IOException {
        return new Backend(name, Backend::echo);
    }

    static void echo(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        byte[] buf = new byte[16384];
        for (int n; (n = in.read(buf)) > 0;) {
            out.write(buf, 0, n);
        }
        s.shutdownOutput();
    }

    int port() {
        return server.getLocalPort();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
    }
}
