package io.fulcrum.check;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.Connection;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.Socket;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where one network checker connects to and from: keepalived's {@code conn_opts_t} resolved for a probe.
 *
 * <p>Sockets are made from NIO channels ({@link SocketChannel#socket()}, {@link DatagramChannel#socket()}): they
 * keep blocking I/O with timeouts, and they are interruptible on any thread (an interrupt closes the channel),
 * which is how a probe honours the runner's interruption.
 *
 * @param address   connect_ip
 * @param port      connect_port (or the real server's port, or the kind's default)
 * @param bindTo    bindto
 * @param bindPort  bind_port (0 when not set)
 * @param bindIf    bind_if: only used as the scope of an IPv6 link-local connect_ip (see {@link #warnings})
 * @param fwmark    fwmark: never applied (see {@link #warnings})
 * @param timeout   connect_timeout, applied to the connect and to every read and write
 */
record Endpoint(IpAddress address, int port, Optional<IpAddress> bindTo, int bindPort, Optional<String> bindIf,
        long fwmark, Duration timeout) {

    /** The endpoint of {@code connection}, with {@code defaultPort} when it has no connect_port. */
    static Endpoint of(Connection connection, int defaultPort) {
        return new Endpoint(connection.connectIp(), connection.connectPort().orElse(defaultPort),
                connection.bindTo(), connection.bindPort().orElse(0), connection.bindIf(),
                connection.fwmark().orElse(-1), connection.connectTimeout());
    }

    /** keepalived's {@code inet_sockaddrtopair}: {@code [10.0.0.11]:25}. */
    String pair() {
        return "[" + address + "]:" + port;
    }

    /** connect_timeout in milliseconds for socket options (at least 1, at most Integer.MAX_VALUE). */
    int timeoutMillis() {
        long ms = Math.max(1, timeout.toMillis());
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    /**
     * What this endpoint cannot honour on JDK sockets, once per checker: SO_BINDTODEVICE (bind_if) and SO_MARK
     * (fwmark) have no JDK socket option, so they are ignored rather than faked.
     */
    List<String> warnings(String kind, String server) {
        List<String> out = new ArrayList<>();
        bindIf.ifPresent(i -> out.add(kind + " for " + server + ": bind_if " + i + " is ignored (JDK sockets cannot "
                + "bind to an interface" + (linkLocal() ? "; it is used as the scope of " + address : "") + ")"));
        if (fwmark >= 0) {
            out.add(kind + " for " + server + ": fwmark " + fwmark + " is ignored (JDK sockets cannot set SO_MARK)");
        }
        return List.copyOf(out);
    }

    private boolean linkLocal() {
        return address.isV6() && address.isLinkLocal();
    }

    InetSocketAddress remote() throws IOException {
        return new InetSocketAddress(inet(address, linkLocal()), port);
    }

    /** The local address to bind, when bindto or bind_port is set. */
    Optional<InetSocketAddress> local() throws IOException {
        if (bindTo.isEmpty() && bindPort == 0) {
            return Optional.empty();
        }
        InetAddress a = bindTo.isPresent() ? inet(bindTo.get(), bindTo.get().isV6() && bindTo.get().isLinkLocal())
                : InetAddress.getByAddress(new byte[address.isV4() ? 4 : 16]);
        return Optional.of(new InetSocketAddress(a, bindPort));
    }

    private InetAddress inet(IpAddress ip, boolean scoped) throws IOException {
        try {
            if (scoped && bindIf.isPresent()) {
                NetworkInterface nif = NetworkInterface.getByName(bindIf.get());
                if (nif == null) {
                    throw new SocketException("no interface " + bindIf.get());
                }
                return Inet6Address.getByAddress(null, ip.bytes(), nif);
            }
            return InetAddress.getByAddress(ip.bytes());
        } catch (UnknownHostException e) {
            throw new SocketException("bad address " + ip + ": " + e.getMessage());
        }
    }

    private ProtocolFamily family() {
        return address.isV4() ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
    }

    /** A TCP connection (bound when asked), connected within the timeout, reads and writes timed out likewise. */
    Socket connectTcp() throws IOException {
        Socket s = SocketChannel.open(family()).socket();
        try {
            Optional<InetSocketAddress> from = local();
            if (from.isPresent()) {
                s.setReuseAddress(bindPort != 0);
                s.bind(from.get());
            }
            s.connect(remote(), timeoutMillis());
            s.setSoTimeout(timeoutMillis());
            s.setTcpNoDelay(true);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** A connected UDP socket (bound when asked): a connected socket reports ICMP port unreachable. */
    DatagramSocket connectUdp() throws IOException {
        DatagramSocket s = DatagramChannel.open(family()).socket();
        try {
            Optional<InetSocketAddress> from = local();
            if (from.isPresent()) {
                s.bind(from.get());
            }
            s.connect(remote());
            s.setSoTimeout(timeoutMillis());
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }
}
