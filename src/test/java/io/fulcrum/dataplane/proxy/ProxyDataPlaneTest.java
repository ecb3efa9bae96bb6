package io.fulcrum.dataplane.proxy;

import static io.fulcrum.dataplane.proxy.ProxyHarness.eventually;
import static io.fulcrum.dataplane.proxy.ProxyHarness.line;
import static io.fulcrum.dataplane.proxy.ProxyHarness.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fulcrum.common.IpAddress;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.ServiceSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Listener reconciliation, bind problems, and the proxy under descriptor exhaustion and many idle connections. */
class ProxyDataPlaneTest {

    private ProxyHarness h = new ProxyHarness();
    private final List<Backend> backends = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        h.close();
        for (Backend b : backends) {
            b.close();
        }
    }

    private Backend named(String name) throws IOException {
        Backend b = Backend.named(name);
        backends.add(b);
        return b;
    }

    @Test
    void applyReportsServicesItCannotServeAndServesTheOthers() throws Exception {
        ServiceKey.Inet good = h.service("rr");
        h.add(good, named("A"), 1);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServiceKey.Inet busy = new ServiceKey.Inet(Protocol.TCP, ProxyHarness.LOOPBACK, taken.getLocalPort());
            ServiceKey.Inet udp = new ServiceKey.Inet(Protocol.UDP, ProxyHarness.LOOPBACK, freeUdpPort());
            ServiceKey.Inet sctp = new ServiceKey.Inet(Protocol.SCTP, ProxyHarness.LOOPBACK, 3868);
            for (ServiceKey.Inet k : List.of(busy, udp, sctp)) {
                h.table.addService(k, ServiceSettings.of("rr"));
            }

            List<String> problems = h.proxy.apply(List.of(h.proxied(busy),
                    h.proxied(udp, Optional.empty(), Optional.of(ProxyProtocol.V1)), h.proxied(good), h.proxied(sctp)));

            assertThat(problems).containsExactly(
                    "127.0.0.1:" + busy.port() + ": Address already in use",
                    "UDP 127.0.0.1:" + udp.port()
                            + ": PROXY protocol v1 carries TCP only; use proxy_protocol v2 for a UDP service",
                    "127.0.0.1:3868: SCTP is not supported by the proxy");
        }
        try (Socket s = h.connect(good)) {
            assertThat(line(s)).isEqualTo("A");
        }
        // without the v1 header the UDP service binds (the UDP listener's own tests relay through it)
        ServiceKey.Inet udp = new ServiceKey.Inet(Protocol.UDP, ProxyHarness.LOOPBACK, freeUdpPort());
        h.table.addService(udp, ServiceSettings.of("rr"));
        assertThat(h.proxy.apply(List.of(h.proxied(good), h.proxied(udp)))).isEmpty();
    }

    private static int freeUdpPort() throws java.net.SocketException {
        try (java.net.DatagramSocket d = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return d.getLocalPort();
        }
    }

    @Test
    void aRemovedListenerStopsAcceptingButItsConnectionsContinue() throws Exception {
        ServiceKey.Inet key = h.service("rr");
        h.add(key, named("A"), 1);
        h.serve(h.proxied(key));
        Socket established = h.connect(key);
        assertThat(line(established)).isEqualTo("A");

        h.serve();

        assertThatThrownBy(() -> h.connect(key)).isInstanceOf(ConnectException.class);
        send(established, "still relayed\n");
        assertThat(line(established)).isEqualTo("still relayed");

        h.serve(h.proxied(key)); // and back
        try (Socket s = h.connect(key)) {
            assertThat(line(s)).isEqualTo("A");
        }
    }

    @Test
    void applyUpdatesTheSorryServerOfAListener() throws Exception {
        ServiceKey.Inet key = h.service("rr");
        h.serve(h.proxied(key));
        h.expectResetOrEnd(key);
        Backend sorry = named("SORRY");

        h.serve(h.proxied(key, Optional.of(sorry.address()), Optional.empty()));

        try (Socket s = h.connect(key)) {
            assertThat(line(s)).isEqualTo("SORRY");
        }
    }

    /** IP_FREEBIND: a BACKUP binds its VIP before the address is on the host (the bind sends no traffic). */
    @Test
    void freebindBindsAnAddressThisHostDoesNotHave() throws Exception {
        assumeTrue(h.proxy.transport() != ProxyTransport.Kind.NIO, "IP_FREEBIND needs a native transport");
        ServiceKey.Inet vip = new ServiceKey.Inet(Protocol.TCP, IpAddress.parse("198.51.100.7"),
                ProxyHarness.freePort());
        h.table.addService(vip, ServiceSettings.of("rr"));

        assertThat(h.proxy.apply(List.of(h.proxied(vip)))).isEmpty();
    }

    /**
     * Many idle relayed connections. The in-process test holds 4 descriptors per connection (client, accepted,
     * upstream, real server's accepted) under this machine's hard limit of 20,000, so it holds 4,000.
     */
    @Test
    void holdsFourThousandIdleConnections() throws Exception {
        int n = 4000;
        Backend echo = Backend.echo("E");
        backends.add(echo);
        ServiceKey.Inet key = h.service("rr");
        h.add(key, echo, 1);
        h.serve(h.proxied(key));
        List<Socket> clients = new ArrayList<>(n);
        try {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Socket s = new Socket();
                clients.add(s);
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), key.port()), 2000);
            }
            // SYN_RECV counts as active too, so wait for the states as well as the counts
            assertThat(eventually(Duration.ofSeconds(20),
                    () -> h.destination(key, echo).activeConns() == n && echo.connections.get() == n
                            && h.states().stream().filter("ESTABLISHED"::equals).count() == n)).isTrue();
            System.out.println(n + " idle connections established in "
                    + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
            assertThat(h.proxy.sessions().size()).isEqualTo(n);
            assertThat(h.states()).hasSize(n).containsOnly("ESTABLISHED");
            for (int i = 0; i < n; i += n / 8) {
                Socket s = clients.get(i);
                s.setSoTimeout(5000);
                send(s, "ping " + i + "\n");
                assertThat(line(s)).isEqualTo("ping " + i);
            }
        } finally {
            for (Socket s : clients) {
                s.close();
            }
        }
        assertThat(eventually(Duration.ofSeconds(20), () -> h.proxy.stats().open() == 0)).isTrue();
    }

    /**
     * The process runs out of descriptors: the client whose real-server side cannot be opened is reset with a log
     * line; a client the listener cannot even accept waits, with a log line, and is served once descriptors are
     * free again.
     */
    @Test
    void descriptorExhaustionRefusesNewClientsAndRecovers() throws Exception {
        ServiceKey.Inet key = h.service("rr");
        h.add(key, named("A"), 1);
        h.serve(h.proxied(key));
        try (Socket warm = h.connect(key)) {
            assertThat(line(warm)).isEqualTo("A");
        }
        ServiceKey.Inet dead = h.service("rr"); // loads the classes of the failure path: test classes come from a
        h.add(dead, ProxyHarness.freePort(), 1); // directory, so loading one later would need a descriptor
        h.serve(h.proxied(key), h.proxied(dead));
        h.expectResetOrEnd(dead);
        assertThat(Failures.tooManyOpenFiles(new IOException("Too many open files"))).isTrue();
        ServiceKey.Inet other = h.service("rr"); // a second listener: its own log rate limit
        h.add(other, named("B"), 1);
        h.serve(h.proxied(key), h.proxied(dead), h.proxied(other));
        List<FileChannel> filler = new ArrayList<>();
        Socket waiting = null;
        try {
            fillDescriptorTable(filler);
            filler.removeLast().close(); // one for the test's client socket...
            filler.removeLast().close(); // ...and one for the proxy's accept; none for its upstream connect
            h.expectResetOrEnd(key);
            assertThat(eventually(Duration.ofSeconds(2), () -> h.log.stream()
                    .anyMatch(l -> l.contains(key.toString()) && l.contains("too many open files")))).isTrue();
            // then not even the accept gets a descriptor: the client waits in the accept queue, the listener
            // logs, pauses briefly and retries, and serves the client once descriptors are free again
            fillDescriptorTable(filler);
            filler.removeLast().close(); // for the client socket only
            waiting = new Socket();
            waiting.setSoTimeout(5000);
            waiting.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), other.port()), 2000);
            assertThat(eventually(Duration.ofSeconds(2), () -> h.log.stream()
                    .anyMatch(l -> l.contains(other + ": accept failed: too many open files")))).isTrue();
        } finally {
            for (FileChannel f : filler) {
                f.close();
            }
        }
        System.out.println("descriptor exhaustion: " + h.log + " " + h.proxy.stats());
        assertThat(line(waiting)).isEqualTo("B");
        waiting.close();
        assertThat(h.proxy.stats().acceptErrors()).isPositive();
        assertThat(h.proxy.stats().refused()).isEqualTo(2);
        try (Socket s = h.connect(key)) {
            assertThat(line(s)).isEqualTo("A");
        }
    }

    private static void fillDescriptorTable(List<FileChannel> filler) {
        Path devNull = Path.of("/dev/null");
        for (int i = 0; i < 100_000; i++) {
            try {
                filler.add(FileChannel.open(devNull, StandardOpenOption.READ));
            } catch (IOException e) {
                assertThat(e.getMessage()).containsIgnoringCase("too many open files");
                return;
            }
        }
        throw new AssertionError("no descriptor limit reached");
    }
}
