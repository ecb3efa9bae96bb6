package io.fulcrum.dataplane.proxy;

import static io.fulcrum.dataplane.proxy.ProxyHarness.eventually;
import static io.fulcrum.dataplane.proxy.ProxyHarness.line;
import static io.fulcrum.dataplane.proxy.ProxyHarness.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.ipvs.Persistence;
import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.ServiceSettings;
import io.fulcrum.ipvs.conn.ConnectionOptions;
import io.fulcrum.ipvs.conn.ConnectionView;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which real server a new connection reaches: schedulers, weights, drain, persistence, sorry server, failures. */
class TcpSchedulingTest {

    private ProxyHarness h;
    private final List<Backend> backends = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        if (h != null) {
            h.close();
        }
        for (Backend b : backends) {
            b.close();
        }
    }

    private Backend named(String name) throws IOException {
        Backend b = Backend.named(name);
        backends.add(b);
        return b;
    }

    /** Opens a connection, reads the backend's name, closes. */
    private String who(ServiceKey.Inet key) throws IOException {
        try (Socket s = h.connect(key)) {
            return line(s);
        }
    }

    private List<String> who(ServiceKey.Inet key, int n) throws IOException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(who(key));
        }
        return out;
    }

    @Test
    void roundRobinAlternates() throws Exception {
        h = new ProxyHarness();
        ServiceKey.Inet key = h.service("rr");
        h.add(key, named("A"), 1);
        h.add(key, named("B"), 1);
        h.serve(h.proxied(key));

        List<String> seen = who(key, 6);

        assertThat(seen).containsOnly("A", "B");
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)).as("connection %d of %s", i, seen).isNotEqualTo(seen.get(i - 1));
        }
        assertThat(h.proxy.stats().accepted()).isEqualTo(6);
    }

    @Test
    void weightedRoundRobinHoldsTheWeights() throws Exception {
        h = new ProxyHarness();
        ServiceKey.Inet key = h.service("wrr");
        h.add(key, named("A"), 3);
        h.add(key, named("B"), 1);
        h.serve(h.proxied(key));

        Map<String, Long> counts = who(key, 40).stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

        assertThat(counts).containsEntry("A", 30L).containsEntry("B", 10L);
    }

    @Test
    void weightZeroDrainsNewConnectionsWhileEstablishedOnesContinue() throws Exception {
        h = new ProxyHarness();
        ServiceKey.Inet key = h.service("rr");
        Backend a = named("A");
        h.add(key, a, 1);
        h.add(key, named("B"), 1);
        h.serve(h.proxied(key));
        Socket onA = null;
        for (int i = 0; i < 2 && onA == null; i++) {
            Socket s = h.connect(key);
            if (line(s).equals("A")) {
                onA = s;
            }
        }
        assertThat(onA).as("one of two rr connections reaches A").isNotNull();

        h.weight(key, a, 0);

        assertThat(who(key, 4)).containsOnly("B");
        send(onA, "still there\n");
        assertThat(line(onA)).isEqualTo("still there");
        assertThat(h.destination(key, a).activeConns()).isEqualTo(1);
    }

    @Test
    void persistenceKeepsAClientOnOneRealServer() throws Exception {
        h = new ProxyHarness();
        ServiceKey.Inet key = h.service(ServiceSettings.of("rr").withPersistence(new Persistence(360, 32)));
        h.add(key, named("A"), 1);
        h.add(key, named("B"), 1);
        h.serve(h.proxied(key));

        List<String> seen = who(key, 6);

        assertThat(seen).hasSize(6).containsOnly(seen.getFirst());
        assertThat(h.conns.list(h.clock.getAsLong())).anyMatch(ConnectionView::template);
    }

    @Test
    void noDestinationGoesToTheSorryServer() throws Exception {
        h = new ProxyHarness();
        ServiceKey.Inet key = h.service("rr");
        Backend a = named("A");
        h.add(key, a, 1);
        Backend sorry = named("SORRY");
        h.serve(h.proxied(key, Optional.of(sorry.address()), Optional.empty()));
        assertThat(who(key)).isEqualTo("A");

        h.weight(key, a, 0);

        try (Socket s = h.connect(key)) {
            assertThat(line(s)).isEqualTo("SORRY");
            send(s, "relayed\n");
            assertThat(line(s)).isEqualTo("relayed");
        }
        assertThat(h.proxy.stats().sorryServed()).isEqualTo(1);
        assertThat(h.entries()).hasSize(1); // only A's: sorry connections have no entry
    }

    @Test
    void noDestinationAndNoSorryServerResetsAtOnce() throws Exception {
        h = new ProxyHarness();
        ServiceKey.Inet key = h.service("rr");
        h.serve(h.proxied(key));

        long start = System.nanoTime();
        h.expectResetOrEnd(key); // the reset can come before the client's connect call has returned
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(h.proxy.stats().refused()).isEqualTo(1);
        assertThat(h.entries()).isEmpty();
    }

    @Test
    void aRefusedConnectTriesTheNextDestinationAndIsCounted() throws Exception {
        h = new ProxyHarness();
        ServiceKey.Inet key = h.service("rr");
        int dead = ProxyHarness.freePort();
        h.add(key, dead, 1);
        h.add(key, named("A"), 1);
        h.serve(h.proxied(key));

        assertThat(who(key, 4)).containsOnly("A");

        // rr alternates over both, so every client after the first starts on the dead one and retries
        long failures = h.proxy.stats().connectFailures();
        assertThat(failures).isBetween(3L, 4L);
        assertThat(h.proxy.stats().connectTimeouts()).isZero();
        assertThat(h.entries()).filteredOn(v -> v.destPort() == dead).hasSize((int) failures)
                .allMatch(v -> v.state().equals("CLOSE"));
    }

    @Test
    void everyAttemptRefusedResetsTheClient() throws Exception {
        h = new ProxyHarness(ProxyHarness.options(Duration.ofSeconds(3), 3, false), ConnectionOptions.DEFAULT);
        ServiceKey.Inet key = h.service("rr");
        h.add(key, ProxyHarness.freePort(), 1);
        h.serve(h.proxied(key));

        h.expectResetOrEnd(key);
        assertThat(h.proxy.stats().connectFailures()).isEqualTo(3);
        assertThat(h.proxy.stats().refused()).isEqualTo(1);
    }

    /**
     * A real server whose accept queue is full drops the SYN, so the connect times out (loopback only: the queue is
     * filled by the test's own connections).
     */
    @Test
    void aConnectTimeoutTriesTheNextDestination() throws Exception {
        h = new ProxyHarness(ProxyHarness.options(Duration.ofMillis(300), 3, false), ConnectionOptions.DEFAULT);
        Backend full = Backend.neverAccepting("FULL", 1);
        backends.add(full);
        fillAcceptQueue(full);
        ServiceKey.Inet key = h.service("rr");
        h.add(key, full, 1);
        h.add(key, named("A"), 1);
        h.serve(h.proxied(key));

        assertThat(who(key, 2)).containsOnly("A");

        assertThat(h.proxy.stats().connectTimeouts()).isEqualTo(1);
        assertThat(h.entries()).filteredOn(v -> v.destPort() == full.port()).singleElement()
                .extracting(ConnectionView::state).isEqualTo("CLOSE");
    }

    /** Connections the backend never accepts, until its accept queue is full and SYNs are dropped. */
    private void fillAcceptQueue(Backend b) throws Exception {
        InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port());
        for (int i = 0; i < 4; i++) {
            SocketChannel c = h.closeLater(SocketChannel.open());
            c.configureBlocking(false);
            c.connect(to);
        }
        assertThat(eventually(Duration.ofSeconds(2), () -> {
            try (SocketChannel probe = SocketChannel.open()) {
                probe.socket().connect(to, 200);
                return false;
            } catch (IOException e) {
                return true; // timed out: the queue is full
            }
        })).isTrue();
    }
}
