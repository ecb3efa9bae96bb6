package io.fulcrum.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The server in-process on loopback, port 0, spoken to over raw sockets. */
class BackendServerTest {

    private static final BackendAddress ANY_LOOPBACK_PORT = BackendAddress.parse("127.0.0.1:0");
    private static final String PAGE = "This is Real Server1";

    private final List<String> notes = new ArrayList<>();
    private final List<BackendServer> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(BackendServer::close);
    }

    private BackendServer start(BackendSettings settings) throws BackendException {
        BackendServer s = BackendServer.start(settings, notes::add);
        started.add(s);
        return s;
    }

    private BackendServer start() throws BackendException {
        return start(BackendSettings.of(List.of(ANY_LOOPBACK_PORT)).withText(PAGE).withThreads(2));
    }

    private static String get(String version, String... headers) {
        return "GET / " + version + "\r\n" + String.join("", headers) + "\r\n";
    }

    /** The request keepalived's HTTP_GET checker sends (see GenhashCommand). */
    private static String keepalivedRequest(BackendAddress to) {
        return "GET /index.html HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: " + to + "\r\n\r\n";
    }

    private static String md5(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    @Test
    void bindsPortZeroToAFreePortOnLoopback() throws Exception {
        BackendServer s = start();
        assertThat(s.addresses()).hasSize(1);
        assertThat(s.addresses().getFirst().toString()).startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:0");
    }

    @Test
    void answersKeepalivedsCheckerWithAStableBodyAndCloses() throws Exception {
        BackendServer s = start();
        BackendAddress at = s.addresses().getFirst();
        List<String> digests = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try (HttpClientConnection c = new HttpClientConnection(at)) {
                c.send(keepalivedRequest(at));
                HttpClientConnection.Response r = c.read();
                assertThat(r.statusLine()).isEqualTo("HTTP/1.0 200 OK");
                assertThat(r.header("Connection")).isEqualTo("close");
                assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
                assertThat(r.header("X-Fulcrum-Backend")).isEqualTo(at.toString());
                assertThat(r.text()).isEqualTo(PAGE + "\n");
                assertThat(c.closedByServer()).isTrue();
                digests.add(md5(r.body()));
            }
        }
        assertThat(digests).containsOnly(md5((PAGE + "\n").getBytes(StandardCharsets.UTF_8)));
        assertThat(s.stats()).isEqualTo(new BackendStats(3, 0, 0, 0));
    }

    @Test
    void http11KeepsTheConnectionAndAnswersPipelinedRequestsInOrder() throws Exception {
        BackendServer s = start();
        try (HttpClientConnection c = new HttpClientConnection(s.addresses().getFirst())) {
            c.send(get("HTTP/1.1", "Host: x\r\n"));
            HttpClientConnection.Response first = c.read();
            assertThat(first.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(first.header("Connection")).isNull();
            // three requests in one write: a GET, a HEAD, and a GET asking to close
            c.send(get("HTTP/1.1") + "HEAD /x HTTP/1.1\r\n\r\n" + get("HTTP/1.1", "Connection: close\r\n"));
            assertThat(c.read().text()).isEqualTo(PAGE + "\n");
            HttpClientConnection.Response head = c.read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(PAGE.length() + 1));
            HttpClientConnection.Response last = c.read();
            assertThat(last.header("Connection")).isEqualTo("close");
            assertThat(last.text()).isEqualTo(PAGE + "\n");
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(s.stats().pages()).isEqualTo(4);
    }

    @Test
    void http10KeepsTheConnectionWhenAsked() throws Exception {
        BackendServer s = start();
        try (HttpClientConnection c = new HttpClientConnection(s.addresses().getFirst())) {
            for (int i = 0; i < 2; i++) {
                c.send(get("HTTP/1.0", "Connection: keep-alive\r\n"));
                HttpClientConnection.Response r = c.read();
                assertThat(r.statusLine()).isEqualTo("HTTP/1.0 200 OK");
                assertThat(r.header("Connection")).isEqualTo("keep-alive");
            }
        }
    }

    @Test
    void headHasTheHeadersButNoBody() throws Exception {
        BackendServer s = start();
        try (HttpClientConnection c = new HttpClientConnection(s.addresses().getFirst())) {
            c.send("HEAD / HTTP/1.0\r\n\r\n");
            HttpClientConnection.Response r = c.read(true);
            assertThat(r.statusLine()).isEqualTo("HTTP/1.0 200 OK");
            assertThat(r.header("Content-Length")).isEqualTo(String.valueOf(PAGE.length() + 1));
            assertThat(c.closedByServer()).as("no body follows, and the connection closes").isTrue();
        }
    }

    @Test
    void otherMethodsGet405AndTheirBodiesAreSkipped() throws Exception {
        BackendServer s = start();
        try (HttpClientConnection c = new HttpClientConnection(s.addresses().getFirst())) {
            c.send("POST /form HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello" + get("HTTP/1.1"));
            HttpClientConnection.Response refused = c.read();
            assertThat(refused.statusLine()).isEqualTo("HTTP/1.1 405 Method Not Allowed");
            assertThat(refused.header("Allow")).isEqualTo("GET, HEAD");
            assertThat(refused.text()).isEqualTo("405 Method Not Allowed\n");
            assertThat(c.read().text()).isEqualTo(PAGE + "\n");
        }
        assertThat(s.stats()).isEqualTo(new BackendStats(1, 0, 1, 0));
    }

    @Test
    void aMalformedRequestGets400AndTheConnectionCloses() throws Exception {
        BackendServer s = start();
        try (HttpClientConnection c = new HttpClientConnection(s.addresses().getFirst())) {
            c.send("GET / HTTP/1.1\r\nno colon here\r\n\r\n");
            HttpClientConnection.Response r = c.read();
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(s.stats().badRequests()).isEqualTo(1);
    }

    @Test
    void statusAnswersEveryPageWithThatStatusAndTheText() throws Exception {
        BackendServer s = start(BackendSettings.of(List.of(ANY_LOOPBACK_PORT)).withText(PAGE).withStatus(503));
        try (HttpClientConnection c = new HttpClientConnection(s.addresses().getFirst())) {
            c.send(get("HTTP/1.1"));
            HttpClientConnection.Response r = c.read();
            assertThat(r.statusLine()).isEqualTo("HTTP/1.1 503 Service Unavailable");
            assertThat(r.text()).isEqualTo(PAGE + "\n");
        }
    }

    @Test
    void failAfterAnswersNPagesThenTheFailureStatus() throws Exception {
        BackendServer s = start(BackendSettings.of(List.of(ANY_LOOPBACK_PORT)).withText(PAGE)
                .withFailAfter(2, new BackendFailure.Status(500)));
        BackendAddress at = s.addresses().getFirst();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            try (HttpClientConnection c = new HttpClientConnection(at)) {
                c.send(get("HTTP/1.1") + get("HTTP/1.1", "Connection: close\r\n"));
                statuses.add(c.read().status());
                HttpClientConnection.Response second = c.read();
                statuses.add(second.status());
                if (second.status() == 500) {
                    assertThat(second.text()).isEqualTo("500 Internal Server Error\n");
                }
            }
        }
        assertThat(statuses).containsExactly(200, 200, 500, 500);
        assertThat(s.stats()).isEqualTo(new BackendStats(2, 2, 0, 0));
    }

    @Test
    void failWithCloseHangsUpWithoutAnswering() throws Exception {
        BackendServer s = start(BackendSettings.of(List.of(ANY_LOOPBACK_PORT))
                .withFailAfter(1, new BackendFailure.Close()));
        try (HttpClientConnection c = new HttpClientConnection(s.addresses().getFirst())) {
            c.send(get("HTTP/1.1") + get("HTTP/1.1"));
            assertThat(c.read().status()).isEqualTo(200);
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(s.stats()).isEqualTo(new BackendStats(1, 1, 0, 0));
    }

    @Test
    void delayHoldsEachAnswer() throws Exception {
        BackendServer s = start(BackendSettings.of(List.of(ANY_LOOPBACK_PORT)).withDelay(Duration.ofMillis(200)));
        try (HttpClientConnection c = new HttpClientConnection(s.addresses().getFirst())) {
            long t0 = System.nanoTime();
            c.send(get("HTTP/1.1") + get("HTTP/1.1"));
            c.read();
            c.read();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
    }

    @Test
    void theDefaultTextAndTheHeaderNameEachListener() throws Exception {
        BackendServer s = start(BackendSettings.of(List.of(ANY_LOOPBACK_PORT, ANY_LOOPBACK_PORT)));
        assertThat(s.addresses()).hasSize(2).doesNotHaveDuplicates();
        for (BackendAddress at : s.addresses()) {
            try (HttpClientConnection c = new HttpClientConnection(at)) {
                c.send(get("HTTP/1.0"));
                HttpClientConnection.Response r = c.read();
                assertThat(r.text()).isEqualTo("fulcrum backend " + at + "\n");
                assertThat(r.header("X-Fulcrum-Backend")).isEqualTo(at.toString());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendTransport.class, names = {"AUTO", "NIO"})
    void servesOnEachTransport(BackendTransport transport) throws Exception {
        BackendServer s = start(BackendSettings.of(List.of(ANY_LOOPBACK_PORT)).withText(PAGE).withTransport(transport));
        assertThat(s.transport()).isIn(BackendTransport.EPOLL, BackendTransport.NIO);
        try (HttpClientConnection c = new HttpClientConnection(s.addresses().getFirst())) {
            c.send(get("HTTP/1.1"));
            assertThat(c.read().text()).isEqualTo(PAGE + "\n");
        }
        if (s.transport() == BackendTransport.EPOLL || transport == BackendTransport.NIO) {
            assertThat(notes).as("nothing to say without a fallback").isEmpty();
        } else {
            assertThat(notes).singleElement().asString().contains("using Java NIO");
        }
    }

    @Test
    void servesIpv6WhenTheHostHasIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(ipv6Loopback(), "no ::1 on this host");
        BackendServer s = start(BackendSettings.of(List.of(BackendAddress.parse("[::1]:0"))));
        BackendAddress at = s.addresses().getFirst();
        assertThat(at.toString()).startsWith("[::1]:");
        try (HttpClientConnection c = new HttpClientConnection(at)) {
            c.send(get("HTTP/1.1"));
            assertThat(c.read().header("X-Fulcrum-Backend")).isEqualTo(at.toString());
        }
    }

    private static boolean ipv6Loopback() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return probe.getLocalPort() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void anAddressInUseFailsNamingItAndLeavesNothingBound() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            BackendAddress busy = BackendAddress.parse("127.0.0.1:" + taken.getLocalPort());
            BackendSettings settings = BackendSettings.of(List.of(ANY_LOOPBACK_PORT, busy));
            assertThatThrownBy(() -> start(settings))
                    .isInstanceOf(BackendException.class)
                    .hasMessage("cannot listen on " + busy + ": Address already in use");
        }
    }

    @Test
    void closeStopsListening() throws Exception {
        BackendServer s = BackendServer.start(BackendSettings.of(List.of(ANY_LOOPBACK_PORT)), notes::add);
        BackendAddress at = s.addresses().getFirst();
        s.close();
        s.awaitClose();
        assertThatThrownBy(() -> new HttpClientConnection(at).close()).isInstanceOf(IOException.class);
    }
}
