package io.fulcrum.check;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/** In-process servers on 127.0.0.1 for the checker tests. */
final class TestServers {

    private TestServers() {
    }

    /** Handles one accepted connection. */
    interface Handler {
        void handle(Socket s) throws IOException;
    }

    /** A TCP (or TLS) server running {@code handler} for every connection on a virtual thread. */
    static final class Tcp implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        /** Request heads received by {@link #http} handlers, in order. */
        final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
        /** SNI host names the TLS server saw. */
        final BlockingQueue<String> serverNames;
        /** Remote ports of accepted connections. */
        final BlockingQueue<Integer> clientPorts = new LinkedBlockingQueue<>();

        Tcp(ServerSocket server, Handler handler) {
            this(server, handler, new LinkedBlockingQueue<>());
        }

        Tcp(ServerSocket server, Handler handler, BlockingQueue<String> serverNames) {
            this.server = server;
            this.serverNames = serverNames;
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        open.add(s);
                        clientPorts.add(s.getPort());
                        Thread.ofVirtual().start(() -> {
                            try {
                                if (s instanceof SSLSocket ssl) {
                                    ssl.startHandshake();
                                }
                                handler.handle(s);
                            } catch (IOException e) {
                                // the client went away: fine for a test server
                            }
                        });
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }

    static ServerSocket listen() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    }

    static Tcp tcp(Handler handler) throws IOException {
        return new Tcp(listen(), handler);
    }

    /** Accepts and never answers (connections stay open until close). */
    static Tcp silent() throws IOException {
        return tcp(s -> {
        });
    }

    /** A port nothing listens on. */
    static int closedPort() throws IOException {
        try (ServerSocket s = listen()) {
            return s.getLocalPort();
        }
    }

    /** An HTTP server: reads the request head, records it, answers {@code response} (raw bytes) and closes. */
    static Tcp http(String response) throws IOException {
        return http(r -> response);
    }

    /** An HTTP server answering by the request head. */
    static Tcp http(Function<String, String> responder) throws IOException {
        return http(listen(), responder);
    }

    static Tcp http(ServerSocket server, Function<String, String> responder) {
        return http(server, responder, new LinkedBlockingQueue<>());
    }

    private static Tcp http(ServerSocket server, Function<String, String> responder, BlockingQueue<String> names) {
        Tcp[] self = new Tcp[1];
        self[0] = new Tcp(server, s -> {
            String head = readHead(s.getInputStream());
            self[0].requests.add(head);
            s.getOutputStream().write(responder.apply(head).getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            s.close();
        }, names);
        return self[0];
    }

    /** A TLS HTTP server with the test server certificate, recording SNI; {@code clientCa} requires a client cert. */
    static Tcp https(String response, Optional<String> clientCa) throws IOException {
        SslContextBuilder b = SslContextBuilder.forServer(fixture("server.pem"), fixture("server.key"))
                .sslProvider(SslProvider.JDK);
        if (clientCa.isPresent()) {
            b.trustManager(fixture(clientCa.get())).clientAuth(ClientAuth.REQUIRE);
        }
        SSLContext ctx = ((JdkSslContext) b.build()).context();
        SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        if (clientCa.isPresent()) {
            server.setNeedClientAuth(true);
        }
        BlockingQueue<String> names = new LinkedBlockingQueue<>();
        SSLParameters p = server.getSSLParameters();
        p.setSNIMatchers(List.of(new SNIMatcher(0) {
            @Override
            public boolean matches(SNIServerName name) {
                names.add(((SNIHostName) name).getAsciiName());
                return true;
            }
        }));
        server.setSSLParameters(p);
        return http(server, r -> response, names);
    }

    /** A test TLS fixture file (src/test/resources/io/fulcrum/check/tls). */
    static File fixture(String name) {
        try {
            return new File(TestServers.class.getResource("tls/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        while (!req.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            req.write(b);
        }
        return req.toString(StandardCharsets.ISO_8859_1);
    }

    /** A UDP server answering each datagram with what {@code responder} returns (nothing when empty). */
    static final class Udp implements AutoCloseable {
        private final DatagramSocket socket;
        /** Datagrams received, in order. */
        final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();

        Udp(Function<byte[], List<byte[]>> responder) throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[65536];
                while (!socket.isClosed()) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    try {
                        socket.receive(p);
                        byte[] data = java.util.Arrays.copyOf(p.getData(), p.getLength());
                        received.add(data);
                        for (byte[] reply : responder.apply(data)) {
                            socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                        }
                    } catch (IOException e) {
                        if (!socket.isClosed()) {
                            throw new UncheckedIOException(e);
                        }
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** A UDP port nothing listens on (the kernel answers ICMP port unreachable on loopback). */
    static int closedUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            return s.getLocalPort();
        }
    }
}
