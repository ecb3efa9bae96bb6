package io.fulcrum.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.IpAddress;
import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.DestinationSettings;
import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.Persistence;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.SchedFlags;
import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.ServiceSettings;
import io.fulcrum.ipvs.ServiceTable;
import io.fulcrum.ipvs.StatsSnapshot;
import io.fulcrum.ipvs.VirtualService;
import io.fulcrum.ipvs.conn.ConnectionOptions;
import io.fulcrum.ipvs.conn.ConnectionTable;
import io.fulcrum.ipvs.conn.ConnectionView;
import io.fulcrum.ipvs.sched.SchedulerFactory;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The UDP proxy on 127.0.0.1 with real sockets, a real service table and connection table, a manual clock. */
class UdpProxyListenerTest {

    private static final long SECOND = 1_000_000_000L;
    private static final ServiceSettings RR = ServiceSettings.of("rr");
    private static final ServiceSettings ONE_PACKET =
            new ServiceSettings("rr", SchedFlags.NONE, Optional.empty(), true, Optional.empty());
    private static final long T0 = -5_000 * SECOND; // a monotonic origin, negative to catch sign mistakes

    private final AtomicLong clock = new AtomicLong(T0);
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private InetAddress host = InetAddress.getLoopbackAddress();
    private IpAddress local = IpAddress.parse("127.0.0.1");
    private ProxyTransport transport;
    private ServiceTable table;
    private ConnectionTable conns;
    private ServiceKey.Inet key;
    private UdpProxyListener listener;

    @BeforeEach
    void setUp() throws IOException {
        transport = new ProxyTransport(new ProxyOptions(Duration.ofSeconds(1), 1, 1, false, io()),
                log::add);
        table = new ServiceTable(new SchedulerFactory(clock::get, () -> new Random(7)));
        conns = new ConnectionTable(ConnectionOptions.DEFAULT);
        key = freeKey();
    }

    private ServiceKey.Inet freeKey() throws IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(host, 0))) {
            return new ServiceKey.Inet(Protocol.UDP, local, probe.getLocalPort());
        }
    }

    /** Everything on ::1 instead of 127.0.0.1. */
    private void useIpv6() throws IOException {
        local = IpAddress.parse("::1");
        host = InetAddress.getByAddress(local.bytes());
        key = freeKey();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        transport.close();
    }

    /** The build's transport under test ({@link ProxyHarness#io()}); {@link UdpProxyListenerNioTest}: Java NIO. */
    ProxyOptions.Io io() {
        return ProxyHarness.io();
    }

    // ---- fixture ----

    private void service(ServiceSettings settings) {
        assertThat(table.addService(key, settings).ok()).isTrue();
    }

    /** The service with a real server per name at weight 1; each answers {@code name:payload}. */
    private List<UdpEchoServer> serve(ServiceSettings settings, String... names) throws IOException {
        service(settings);
        List<UdpEchoServer> out = new ArrayList<>();
        for (String n : names) {
            UdpEchoServer s = server(n);
            destination(s, 1);
            out.add(s);
        }
        return out;
    }

    /** {@link #serve} with the listener bound. */
    private List<UdpEchoServer> started(ServiceSettings settings, String... names) throws IOException,
            ProxyBindException {
        List<UdpEchoServer> out = serve(settings, names);
        listen();
        return out;
    }

    private Destination destinationOf(UdpEchoServer s) {
        return vs().view().find(local, s.port()).orElseThrow();
    }

    private UdpEchoServer server(String name) throws IOException {
        UdpEchoServer s = new UdpEchoServer(name, host);
        closing.add(s);
        return s;
    }

    private Destination destination(UdpEchoServer s, int weight) {
        return destination(s.port(), weight);
    }

    private Destination destination(int port, int weight) {
        assertThat(table.addDestination(key, local, port, DestinationSettings.of(ForwardingMethod.FULLNAT, weight))
                .ok()).isTrue();
        return vs().view().find(local, port).orElseThrow();
    }

    private VirtualService vs() {
        return table.service(key).orElseThrow();
    }

    private UdpProxyListener listen(Optional<InetSocketAddress> sorry, Optional<ProxyProtocol> proxy,
                                    UdpLimits limits) throws ProxyBindException {
        listener = new UdpProxyListener(transport, conns, clock::get, log::add,
                new ProxiedService(key, vs(), sorry, proxy), limits);
        listener.bind();
        closing.add(listener::close);
        return listener;
    }

    private UdpProxyListener listen() throws ProxyBindException {
        return listen(Optional.empty(), Optional.empty(), UdpLimits.DEFAULT);
    }

    private DatagramSocket client() throws IOException {
        DatagramSocket c = new DatagramSocket(new InetSocketAddress(host, 0));
        c.setSoTimeout(3_000);
        closing.add(c);
        return c;
    }

    private void send(DatagramSocket c, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        c.send(new DatagramPacket(b, b.length, host, key.port()));
    }

    /** Sends {@code text} and returns the answer, which must come from VIP:port. */
    private String ask(DatagramSocket c, String text) throws IOException {
        send(c, text);
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        c.receive(p);
        assertThat(p.getSocketAddress()).isEqualTo(new InetSocketAddress(host, key.port()));
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }

    private static void noAnswer(DatagramSocket c) throws IOException {
        c.setSoTimeout(300);
        byte[] buf = new byte[2048];
        assertThatThrownBy(() -> c.receive(new DatagramPacket(buf, buf.length)))
                .isInstanceOf(SocketTimeoutException.class);
        c.setSoTimeout(3_000);
    }

    private static void await(BooleanSupplier condition) {
        long end = System.nanoTime() + 5 * SECOND;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in time").isLessThan(end);
            Thread.onSpinWait();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private void awaitClosed(UdpFlow flow) {
        await(() -> !flow.socketOpen());
        assertThat(listener.counters().flows()).isZero();
    }

    private void advance(long seconds) {
        clock.addAndGet(seconds * SECOND);
    }

    private static List<Integer> sourcePorts(UdpEchoServer s) {
        return s.received().stream().map(r -> r.from().getPort()).distinct().toList();
    }

    // ---- flows ----

    @Test
    void requestAndResponseThroughAFlowTheReplyComingFromTheVip() throws Exception {
        UdpEchoServer a = started(RR, "a").getFirst();
        DatagramSocket c = client();

        assertThat(ask(c, "hello")).isEqualTo("a:hello"); // ask() checks the source is VIP:port
        assertThat(listener.localAddress()).isEqualTo(new InetSocketAddress(host, key.port()));
        assertThat(new String(a.received().getFirst().data(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(a.received().getFirst().from().getPort()).isNotEqualTo(c.getLocalPort()); // full NAT
    }

    @Test
    void twoClientsAreSpreadByRoundRobin() throws Exception {
        started(RR, "a", "b");

        String first = ask(client(), "x");
        String second = ask(client(), "x");

        assertThat(List.of(first, second)).containsExactlyInAnyOrder("a:x", "b:x");
        assertThat(listener.counters().flows()).isEqualTo(2);
        assertThat(conns.size()).isEqualTo(2);
    }

    @Test
    void oneClientSticksToOneServerThroughOneFlow() throws Exception {
        List<UdpEchoServer> rs = started(RR, "a", "b");
        DatagramSocket c = client();

        String first = ask(c, "1");
        String server = first.substring(0, 1);
        assertThat(ask(c, "2")).isEqualTo(server + ":2");
        assertThat(ask(c, "3")).isEqualTo(server + ":3");

        UdpEchoServer used = rs.get(server.equals("a") ? 0 : 1);
        assertThat(used.received()).hasSize(3);
        assertThat(sourcePorts(used)).hasSize(1); // one socket toward the real server
        assertThat(listener.flows()).hasSize(1);
        assertThat(conns.size()).isEqualTo(1);
    }

    @Test
    void theTableListsTheFlowAsIpvsWould() throws Exception {
        UdpEchoServer a = started(RR, "a").getFirst();
        Destination d = destinationOf(a);
        DatagramSocket c = client();
        ask(c, "ping");
        advance(10);
        ask(c, "pong!");

        List<ConnectionView> listed = conns.list(clock.get());
        assertThat(listed).containsExactly(new ConnectionView("UDP", 300, "UDP", local, c.getLocalPort(), local,
                key.port(), local, a.port(), false));
        assertThat(conns.list(clock.get() + 100 * SECOND).getFirst().expireSeconds()).isEqualTo(200);
        assertThat(d.activeConns()).isZero(); // UDP entries stay inactive in IPVS
        assertThat(d.inactConns()).isEqualTo(1);
        await(() -> vs().stats().snapshot().outPkts() == 2);
        assertThat(vs().stats().snapshot()).isEqualTo(new StatsSnapshot(1, 2, 2, 4 + 5, 6 + 7));
        assertThat(d.stats().snapshot()).isEqualTo(new StatsSnapshot(1, 2, 2, 4 + 5, 6 + 7));
    }

    @Test
    void expiryWithTheTablesUdpTimeoutClosesTheFlowSocket() throws Exception {
        UdpEchoServer a = started(RR, "a").getFirst();
        Destination d = destinationOf(a);
        DatagramSocket c = client();
        ask(c, "1");
        UdpFlow flow = listener.flows().getFirst();
        assertThat(flow.socketOpen()).isTrue();

        advance(299);
        conns.expire(clock.get());
        assertThat(conns.size()).isEqualTo(1);
        advance(1);
        conns.expire(clock.get());

        awaitClosed(flow);
        assertThat(conns.size()).isZero();
        assertThat(d.inactConns()).isZero();
        assertThat(ask(c, "2")).isEqualTo("a:2"); // a new flow, from a new socket
        assertThat(sourcePorts(a)).hasSize(2);
        assertThat(listener.flows()).hasSize(1).doesNotContain(flow);
    }

    @Test
    void weightZeroDrainsNewFlowsWhileEstablishedOnesContinue() throws Exception {
        List<UdpEchoServer> rs = started(RR, "a", "b");
        DatagramSocket c1 = client();
        String first = ask(c1, "x");
        UdpEchoServer used = rs.get(first.startsWith("a") ? 0 : 1);
        String other = first.startsWith("a") ? "b" : "a";

        assertThat(table.editDestination(key, local, used.port(),
                DestinationSettings.of(ForwardingMethod.FULLNAT, 0)).ok()).isTrue();

        assertThat(ask(c1, "y")).isEqualTo(first.charAt(0) + ":y");
        for (int i = 0; i < 3; i++) {
            assertThat(ask(client(), "new")).isEqualTo(other + ":new");
        }
    }

    @Test
    void persistenceKeepsAClientOnOneServerAcrossFlows() throws Exception {
        started(RR.withPersistence(new Persistence(360, 32)), "a", "b");

        String first = ask(client(), "x");
        for (int i = 0; i < 3; i++) {
            assertThat(ask(client(), "x")).isEqualTo(first); // another client port, the same real server
        }
        assertThat(listener.flows()).hasSize(4);
        List<ConnectionView> listed = conns.list(clock.get());
        assertThat(listed).filteredOn(ConnectionView::template).singleElement()
                .satisfies(t -> assertThat(t.clientPort()).isZero());
        assertThat(listed).filteredOn(v -> !v.template()).hasSize(4);
    }

    @Test
    void thresholdsComeFromTheTable() throws Exception {
        service(RR);
        UdpEchoServer a = server("a");
        UdpEchoServer b = server("b");
        destination(a, 1);
        assertThat(table.addDestination(key, local, b.port(),
                new DestinationSettings(ForwardingMethod.FULLNAT, 1, 1, 0)).ok()).isTrue(); // at most one flow
        listen();

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(ask(client(), "x"));
        }
        assertThat(answers).filteredOn(s -> s.startsWith("b")).hasSize(1);
    }

    // ---- no destination ----

    @Test
    void theSorryServerTakesNewClientsWhenNoDestinationIsAvailable() throws Exception {
        service(RR);
        UdpEchoServer sorry = server("sorry");
        listen(Optional.of(new InetSocketAddress(host, sorry.port())), Optional.empty(), UdpLimits.DEFAULT);
        DatagramSocket c = client();

        assertThat(ask(c, "1")).isEqualTo("sorry:1");
        assertThat(ask(c, "2")).isEqualTo("sorry:2");
        assertThat(sourcePorts(sorry)).hasSize(1);
        assertThat(conns.size()).isZero(); // no table destination to bind an entry to

        UdpFlow flow = listener.flows().getFirst();
        advance(301); // idle for longer than the UDP timeout: the listener's sweep closes it
        awaitClosed(flow);
    }

    @Test
    void withoutDestinationOrSorryServerTheDatagramIsDroppedAndCounted() throws Exception {
        service(RR);
        UdpEchoServer a = server("a");
        destination(a, 0); // quiesced: nothing available
        listen();
        DatagramSocket c = client();

        send(c, "x");
        noAnswer(c);
        assertThat(listener.counters().drops(UdpDrop.NO_DESTINATION)).isEqualTo(1);
        assertThat(listener.counters().flows()).isZero();
        assertThat(conns.size()).isZero();
        assertThat(a.received()).isEmpty();
    }

    // ---- removed destinations ----

    @Test
    void aRemovedDestinationKeepsItsEstablishedFlowWorking() throws Exception {
        UdpEchoServer a = started(RR, "a").getFirst();
        UdpEchoServer b = server("b");
        DatagramSocket c = client();
        ask(c, "1");
        destination(b, 1);
        assertThat(table.deleteDestination(key, local, a.port()).ok()).isTrue();

        assertThat(ask(c, "2")).isEqualTo("a:2");
        assertThat(conns.size()).isEqualTo(1);
        assertThat(listener.flows()).hasSize(1);
        assertThat(a.received()).hasSize(2);
        assertThat(ask(client(), "new")).isEqualTo("b:new");
    }

    @Test
    void withExpireNodestConnTheNextDatagramIsScheduledAfresh() throws Exception {
        conns = new ConnectionTable(new ConnectionOptions(true, false));
        UdpEchoServer a = started(RR, "a").getFirst();
        UdpEchoServer b = server("b");
        DatagramSocket c = client();
        ask(c, "1");
        UdpFlow old = listener.flows().getFirst();
        destination(b, 1);
        assertThat(table.deleteDestination(key, local, a.port()).ok()).isTrue();

        assertThat(ask(c, "2")).isEqualTo("b:2");
        await(() -> !old.socketOpen());
        assertThat(listener.flows()).hasSize(1).doesNotContain(old);
        assertThat(conns.list(clock.get())).singleElement()
                .satisfies(v -> assertThat(v.destPort()).isEqualTo(b.port()));
    }

    // ---- errors and limits ----

    @Test
    void aDeadRealServerPortClosesTheFlowAndIsCounted() throws Exception {
        service(RR);
        int dead;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(host, 0))) {
            dead = probe.getLocalPort();
        }
        destination(dead, 1);
        listen();
        DatagramSocket c = client();

        send(c, "1");
        await(() -> listener.counters().errors() == 1); // ICMP port unreachable
        await(() -> listener.counters().flows() == 0);
        assertThat(log).anySatisfy(l -> assertThat(l).contains("failed").contains(":" + dead));
        assertThat(conns.size()).isEqualTo(1); // the entry stays until it times out, as in IPVS

        UdpEchoServer a = server("a");
        destination(a, 1);
        assertThat(table.editDestination(key, local, dead, DestinationSettings.of(ForwardingMethod.FULLNAT, 0))
                .ok()).isTrue();
        assertThat(ask(client(), "2")).isEqualTo("a:2"); // the listener goes on
        assertThat(listener.isOpen()).isTrue();
    }

    @Test
    void beyondTheFlowLimitNewClientsAreDropped() throws Exception {
        UdpEchoServer a = serve(RR, "a").getFirst();
        listen(Optional.empty(), Optional.empty(), new UdpLimits(1, 4, Duration.ofSeconds(2)));
        DatagramSocket c1 = client();
        ask(c1, "1");

        DatagramSocket c2 = client();
        send(c2, "2");
        noAnswer(c2);
        assertThat(listener.counters().drops(UdpDrop.FLOW_LIMIT)).isEqualTo(1);
        assertThat(conns.size()).isEqualTo(1); // nothing was scheduled for the dropped one
        assertThat(ask(c1, "3")).isEqualTo("a:3");
    }

    // ---- one-packet scheduling ----

    @Test
    void onePacketSchedulesEachDatagramOnItsOwnAndKeepsNoEntry() throws Exception {
        started(ONE_PACKET, "a", "b");
        DatagramSocket c = client();

        String first = ask(c, "1");
        String second = ask(c, "2");

        assertThat(List.of(first.charAt(0), second.charAt(0))).containsExactlyInAnyOrder('a', 'b');
        assertThat(conns.size()).isZero();
        await(() -> listener.counters().flows() == 0); // each socket closed after its reply
        assertThat(vs().stats().snapshot()).isEqualTo(new StatsSnapshot(2, 2, 2, 2, 6));
    }

    @Test
    void aOnePacketSocketWithoutReplyClosesAfterItsWindow() throws Exception {
        service(ONE_PACKET);
        try (DatagramSocket sink = new DatagramSocket(new InetSocketAddress(host, 0))) {
            destination(sink.getLocalPort(), 1); // takes datagrams, never answers (syslog)
            listen(Optional.empty(), Optional.empty(), new UdpLimits(2, 4, Duration.ofSeconds(2)));
            DatagramSocket c = client();
            for (int i = 0; i < 3; i++) {
                send(c, "log line " + i);
            }
            sink.setSoTimeout(3_000);
            for (int i = 0; i < 3; i++) { // the third made room by closing the oldest socket
                sink.receive(new DatagramPacket(new byte[100], 100));
            }
            assertThat(listener.counters().flows()).isEqualTo(2);
            assertThat(listener.counters().drops(UdpDrop.FLOW_LIMIT)).isZero();

            advance(2);
            await(() -> listener.counters().flows() == 0);
        }
    }

    // ---- PROXY protocol ----

    @Test
    void proxyV2HeaderGoesFirstInEveryDatagram() throws Exception {
        UdpEchoServer a = serve(RR, "a").getFirst();
        listen(Optional.empty(), Optional.of(ProxyProtocol.V2), UdpLimits.DEFAULT);
        DatagramSocket c = client();

        assertThat(ask(c, "one")).isEqualTo("a:one");
        assertThat(ask(c, "two")).isEqualTo("a:two");

        byte[] header = ProxyProtocol.V2.header(true, local, c.getLocalPort(), local, key.port());
        assertThat(header[13]).isEqualTo((byte) 0x12); // UDP over IPv4
        for (UdpEchoServer.Received r : a.received()) {
            assertThat(Arrays.copyOf(r.data(), header.length)).isEqualTo(header);
        }
        assertThat(a.received()).extracting(r -> new String(UdpEchoServer.payload(r.data()), StandardCharsets.UTF_8))
                .containsExactly("one", "two");
        assertThat(vs().stats().snapshot().inBytes()).isEqualTo(6); // the client's bytes, not the header
    }

    @Test
    void proxyV1IsRefusedForUdpAtBind() throws Exception {
        service(RR);
        assertThatThrownBy(() -> listen(Optional.empty(), Optional.of(ProxyProtocol.V1), UdpLimits.DEFAULT))
                .isInstanceOf(ProxyBindException.class)
                .hasMessageContaining("UDP 127.0.0.1:" + key.port())
                .hasMessageContaining("v1 carries TCP only");
    }

    @Test
    void overIpv6TheFlowIsListedCarriesAnIpv6HeaderAndExpires() throws Exception {
        useIpv6();
        UdpEchoServer a = serve(RR, "a").getFirst();
        listen(Optional.empty(), Optional.of(ProxyProtocol.V2), UdpLimits.DEFAULT);
        DatagramSocket c = client();

        assertThat(ask(c, "six")).isEqualTo("a:six");
        byte[] header = ProxyProtocol.V2.header(true, local, c.getLocalPort(), local, key.port());
        assertThat(header[13]).isEqualTo((byte) 0x22); // UDP over IPv6
        assertThat(Arrays.copyOf(a.received().getFirst().data(), header.length)).isEqualTo(header);
        assertThat(conns.list(clock.get())).containsExactly(new ConnectionView("UDP", 300, "UDP", local,
                c.getLocalPort(), local, key.port(), local, a.port(), false));

        UdpFlow flow = listener.flows().getFirst();
        advance(300);
        conns.expire(clock.get());
        awaitClosed(flow);
    }

    @Test
    void anUpdateBringsANewSorryServerAndServesV1WithoutAHeader() throws Exception {
        service(RR);
        UdpEchoServer sorry = server("sorry");
        listen();
        DatagramSocket c = client();
        send(c, "x");
        noAnswer(c);

        listener.update(new ProxiedService(key, vs(), Optional.of(new InetSocketAddress(host, sorry.port())),
                Optional.of(ProxyProtocol.V1)));

        assertThat(log).anySatisfy(l -> assertThat(l).contains("v1 carries TCP only"));
        assertThat(ask(c, "y")).isEqualTo("sorry:y");
        assertThat(sorry.received().getFirst().data()).isEqualTo("y".getBytes(StandardCharsets.UTF_8));
    }

    // ---- closing ----

    @Test
    void closingKeepsTheFlowsUntilTheyEndThenReleasesThePort() throws Exception {
        UdpEchoServer a = started(RR, "a").getFirst();
        DatagramSocket c = client();
        ask(c, "1");

        listener.close();
        await(listener::isDraining); // close() takes effect on the event loop
        assertThat(ask(c, "2")).isEqualTo("a:2");
        DatagramSocket late = client();
        send(late, "x");
        noAnswer(late);
        assertThat(listener.counters().drops(UdpDrop.CLOSING)).isEqualTo(1);

        advance(300);
        conns.expire(clock.get());
        await(() -> !listener.isOpen());
        // NIO releases a closed channel's socket at its selector's next select: the port frees up soon after
        await(() -> {
            try (DatagramSocket rebind = new DatagramSocket(new InetSocketAddress(host, key.port()))) {
                return rebind.getLocalPort() == key.port();
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Test
    void aBindFailureNamesTheAddress() throws Exception {
        service(RR);
        try (DatagramSocket _ = new DatagramSocket(new InetSocketAddress(host, key.port()))) {
            assertThatThrownBy(this::listen).isInstanceOf(ProxyBindException.class)
                    .hasMessageStartingWith("UDP 127.0.0.1:" + key.port() + ": cannot bind");
        }
    }
}
