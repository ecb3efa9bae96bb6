package io.fulcrum.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.DestinationSettings;
import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.ServiceSettings;
import io.fulcrum.ipvs.ServiceTable;
import io.fulcrum.ipvs.conn.ConnectionOptions;
import io.fulcrum.ipvs.conn.ConnectionTable;
import io.fulcrum.ipvs.conn.ConnectionView;
import io.fulcrum.ipvs.sched.SchedulerFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * A proxy data plane on 127.0.0.1 with a real service table, scheduler factory and connection table. The clock is
 * the real monotonic clock plus an offset the test can advance (to expire entries without waiting).
 */
final class ProxyHarness implements AutoCloseable {

    static final IpAddress LOOPBACK = IpAddress.parse("127.0.0.1");

    final AtomicLong offset = new AtomicLong();
    final LongSupplier clock = () -> System.nanoTime() + offset.get();
    final ServiceTable table = new ServiceTable(new SchedulerFactory(clock, () -> new SplittableRandom(1)));
    final ConnectionTable conns;
    final List<String> log = new CopyOnWriteArrayList<>();
    final ProxyDataPlane proxy;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    ProxyHarness() {
        this(defaults(), ConnectionOptions.DEFAULT);
    }

    ProxyHarness(ProxyOptions options, ConnectionOptions connOptions) {
        this(options, connOptions, false);
    }

    ProxyHarness(ProxyOptions options, ConnectionOptions connOptions, boolean measureSplice) {
        conns = new ConnectionTable(connOptions);
        proxy = new ProxyDataPlane(options, conns, clock, log::add, measureSplice);
    }

    /** {@link ProxyOptions#DEFAULT} on the transport under test ({@link #io()}). */
    static ProxyOptions defaults() {
        ProxyOptions d = ProxyOptions.DEFAULT;
        return new ProxyOptions(d.connectTimeout(), d.connectAttempts(), d.ioThreads(), d.splice(), io());
    }

    static ProxyOptions options(Duration connectTimeout, int attempts, boolean splice) {
        return new ProxyOptions(connectTimeout, attempts, 2, splice, io());
    }

    /**
     * The transport under test: {@code -Dfulcrum.test.proxy.io=io_uring} (or epoll, nio) runs the proxy tests on
     * that one; the build runs them once on the default (AUTO: io_uring where the kernel allows it) and once on
     * native epoll.
     */
    static ProxyOptions.Io io() {
        String io = System.getProperty("fulcrum.test.proxy.io", "auto");
        return ProxyOptions.Io.valueOf(io.toUpperCase(java.util.Locale.ROOT));
    }

    /** A new TCP service on 127.0.0.1 and a free port. */
    ServiceKey.Inet service(ServiceSettings settings) throws IOException {
        ServiceKey.Inet key = new ServiceKey.Inet(Protocol.TCP, LOOPBACK, freePort());
        assertThat(table.addService(key, settings).ok()).isTrue();
        return key;
    }

    ServiceKey.Inet service(String scheduler) throws IOException {
        return service(ServiceSettings.of(scheduler));
    }

    void add(ServiceKey.Inet key, Backend b, int weight) {
        add(key, b.port(), weight);
    }

    void add(ServiceKey.Inet key, int port, int weight) {
        assertThat(table.addDestination(key, LOOPBACK, port, DestinationSettings.of(ForwardingMethod.MASQ, weight))
                .ok()).isTrue();
    }

    void weight(ServiceKey.Inet key, Backend b, int weight) {
        assertThat(table.editDestination(key, LOOPBACK, b.port(),
                DestinationSettings.of(ForwardingMethod.MASQ, weight)).ok()).isTrue();
    }

    Destination destination(ServiceKey.Inet key, Backend b) {
        return table.service(key).orElseThrow().view().find(LOOPBACK, b.port()).orElseThrow();
    }

    ProxiedService proxied(ServiceKey.Inet key) {
        return proxied(key, Optional.empty(), Optional.empty());
    }

    ProxiedService proxied(ServiceKey.Inet key, Optional<InetSocketAddress> sorry, Optional<ProxyProtocol> pp) {
        return new ProxiedService(key, table.service(key).orElseThrow(), sorry, pp);
    }

    /** Applies the services and expects every one bound. */
    void serve(ProxiedService... services) {
        assertThat(proxy.apply(List.of(services))).isEmpty();
    }

    Socket connect(ServiceKey.Inet key) throws IOException {
        Socket s = new Socket();
        closeables.add(s);
        s.setSoTimeout(5000);
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), key.port()), 2000);
        return s;
    }

    <T extends AutoCloseable> T closeLater(T c) {
        closeables.add(c);
        return c;
    }

    /** Moves the clock on and lets the table expire what is due. */
    void advance(Duration d) {
        offset.addAndGet(d.toNanos());
        conns.expire(clock.getAsLong());
    }

    List<ConnectionView> entries() {
        return conns.list(clock.getAsLong()).stream().filter(v -> !v.template()).toList();
    }

    List<String> states() {
        return entries().stream().map(ConnectionView::state).toList();
    }

    static String line(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != -1 && c != '\n';) {
            b.write(c);
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    /** -1 for an EOF or a reset; the test's SO_TIMEOUT turns a hang into a failure. */
    /**
     * Connects to {@code key} and expects the proxy to end the connection at once: a reset (perhaps before the
     * client's connect call has returned) or an end of stream.
     */
    void expectResetOrEnd(ServiceKey.Inet key) throws IOException {
        try (Socket s = connect(key)) {
            assertThat(readOrReset(s)).isEqualTo(-1);
        } catch (SocketException e) {
            assertThat(e.getMessage()).containsIgnoringCase("reset");
        }
    }

    static int readOrReset(Socket s) throws IOException {
        try {
            return s.getInputStream().read();
        } catch (SocketException e) {
            assertThat(e.getMessage()).containsIgnoringCase("reset");
            return -1;
        }
    }

    static String readAll(Socket s) throws IOException {
        return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }

    static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }

    /** Waits up to {@code timeout} for the condition; true when it held. */
    static boolean eventually(Duration timeout, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - end < 0) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        proxy.close();
    }
}
