package io.fulcrum.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.config.model.HttpGet;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HttpCheckerTest {

    private static final String OK = "HTTP/1.0 200 OK\r\nContent-Length: 6\r\n\r\nhello\n";
    /** md5("hello\n"). */
    private static final String HELLO_MD5 = "b1946ac92492d2347c6235b4d2611184";

    private static HttpChecker checker(CheckFixtures f, String body) {
        CheckFixtures.Loaded l = f.checker("HTTP_GET {\n" + body + "\n}");
        return new HttpChecker((HttpGet) l.checker(), l.target());
    }

    private static HttpChecker checker(int port, String body) {
        return checker(CheckFixtures.realServer(port), body);
    }

    private static String rs(TestServers.Tcp server) {
        return "[127.0.0.1]:tcp:" + server.port();
    }

    @Test
    void aPageWithA2xxStatusPassesAndTheRequestIsKeepalivedsBytes() throws Exception {
        try (TestServers.Tcp server = TestServers.http(OK)) {
            HttpChecker c = checker(server.port(), "url {\npath /health\n}\nconnect_timeout 2");
            assertThat(c.probe()).isEqualTo(ProbeResult.Success.plain());
            assertThat(server.requests.poll(5, TimeUnit.SECONDS)).isEqualTo(
                    "GET /health HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: 127.0.0.1:" + server.port()
                            + "\r\n\r\n");
            assertThat(c.kind()).isEqualTo("HTTP_GET");
            assertThat(c.upLine()).isEqualTo("Remote Web server " + rs(server) + " succeed on service.");
            assertThat(c.downLine(2, new ProbeResult.Failure("x")))
                    .isEqualTo("HTTP_CHECK on service " + rs(server) + " failed after 2 retries.");
            assertThat(c.downLine(0, new ProbeResult.Failure("x")))
                    .isEqualTo("HTTP_CHECK on service " + rs(server) + " failed.");
        }
    }

    @Test
    void aStatusOutsideTheListFails() throws Exception {
        try (TestServers.Tcp server = TestServers.http("HTTP/1.0 404 Not Found\r\n\r\nnope")) {
            assertThat(checker(server.port(), "url {\npath /\n}\nconnect_timeout 2").probe())
                    .isEqualTo(new ProbeResult.Failure("HTTP status code error to " + rs(server)
                            + " url(/), status_code [404]."));
            assertThat(checker(server.port(), "url {\npath /\nstatus_code 200 400-404\n}\nconnect_timeout 2")
                    .probe()).isEqualTo(ProbeResult.Success.plain());
        }
    }

    @Test
    void aResponseWithoutStatusLineFailsWithStatusZero() throws Exception {
        try (TestServers.Tcp server = TestServers.http("garbage\r\n\r\n")) {
            assertThat(checker(server.port(), "url {\npath /\n}\nconnect_timeout 2").probe())
                    .isEqualTo(new ProbeResult.Failure("HTTP status code error to " + rs(server)
                            + " url(/), status_code [0]."));
        }
    }

    @Test
    void theDigestIsTheMd5OfTheBody() throws Exception {
        try (TestServers.Tcp server = TestServers.http(OK)) {
            assertThat(checker(server.port(), "url {\npath /\ndigest " + HELLO_MD5 + "\n}\nconnect_timeout 2")
                    .probe()).isEqualTo(ProbeResult.Success.plain());
            assertThat(checker(server.port(),
                    "url {\npath /\ndigest 00000000000000000000000000000000\n}\nconnect_timeout 2").probe())
                    .isEqualTo(new ProbeResult.Failure("MD5 digest error to " + rs(server) + " url(/), MD5SUM ["
                            + HELLO_MD5 + "]."));
        }
    }

    @Test
    void aChunkedHttp11BodyIsDecodedBeforeDigestAndRegex() throws Exception {
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2\r\nhe\r\n4;ext=1\r\nllo\n\r\n0\r\nX-Trailer: 1\r\n\r\n";
        try (TestServers.Tcp server = TestServers.http(chunked)) {
            HttpChecker c = checker(server.port(), "http_protocol 1.1\nurl {\npath /\ndigest " + HELLO_MD5
                    + "\nregex \"^hello$\"\nregex_options multiline\n}\nconnect_timeout 2");
            assertThat(c.probe()).isEqualTo(ProbeResult.Success.plain());
            assertThat(server.requests.poll(5, TimeUnit.SECONDS)).isEqualTo("GET / HTTP/1.1\r\nUser-Agent: "
                    + "KeepAliveClient\r\nConnection: close\r\nHost: 127.0.0.1:" + server.port() + "\r\n\r\n");
        }
    }

    @Test
    void aBrokenChunkIsAReadError() throws Exception {
        try (TestServers.Tcp server = TestServers.http("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "zz\r\nhello\r\n")) {
            assertThat(checker(server.port(), "http_protocol 1.1\nurl {\npath /\n}\nconnect_timeout 2").probe())
                    .isEqualTo(new ProbeResult.Failure("Read error with server " + rs(server) + "."));
        }
    }

    @Test
    void http10cAsksTheServerToClose() throws Exception {
        try (TestServers.Tcp server = TestServers.http(OK)) {
            checker(server.port(), "http_protocol 1.0C\nurl {\npath /\n}\nconnect_timeout 2").probe();
            assertThat(server.requests.poll(5, TimeUnit.SECONDS)).isEqualTo("GET / HTTP/1.0\r\nUser-Agent: "
                    + "KeepAliveClient\r\nConnection: close\r\nHost: 127.0.0.1:" + server.port() + "\r\n\r\n");
        }
    }

    @Test
    void regexAndRegexNoMatch() throws Exception {
        try (TestServers.Tcp server = TestServers.http("HTTP/1.0 200 OK\r\n\r\nstatus: healthy\n")) {
            int p = server.port();
            assertThat(checker(p, "url {\npath /\nregex \"status: (healthy|ok)\"\n}\nconnect_timeout 2").probe())
                    .isEqualTo(ProbeResult.Success.plain());
            assertThat(checker(p, "url {\npath /\nregex \"status: down\"\n}\nconnect_timeout 2").probe())
                    .isEqualTo(new ProbeResult.Failure("Regex match failed to " + rs(server) + " url(/)."));
            assertThat(checker(p, "url {\npath /\nregex \"status: down\"\nregex_no_match\n}\nconnect_timeout 2")
                    .probe()).isEqualTo(ProbeResult.Success.plain());
            assertThat(checker(p, "url {\npath /\nregex HEALTHY\nregex_no_match\nregex_options caseless\n}\n"
                    + "connect_timeout 2").probe()).isEqualTo(new ProbeResult.Failure("Regex match failed to "
                            + rs(server) + " url(/), regex_no_match."));
            // the match starts at 8: within [0, 8] passes, a max offset of 7 does not
            assertThat(checker(p, "url {\npath /\nregex healthy\nregex_max_offset 8\n}\nconnect_timeout 2")
                    .probe()).isEqualTo(ProbeResult.Success.plain());
            assertThat(checker(p, "url {\npath /\nregex healthy\nregex_max_offset 7\n}\nconnect_timeout 2")
                    .probe()).isInstanceOf(ProbeResult.Failure.class);
            assertThat(checker(p, "url {\npath /\nregex status\nregex_min_offset 1\n}\nconnect_timeout 2")
                    .probe()).isInstanceOf(ProbeResult.Failure.class);
        }
    }

    @Test
    void everyUrlIsCheckedAndTheFirstFailureIsReported() throws Exception {
        try (TestServers.Tcp server = TestServers.http(
                req -> req.startsWith("GET /b ") ? "HTTP/1.0 503 Busy\r\n\r\n" : OK)) {
            HttpChecker c = checker(server.port(), "url {\npath /a\n}\nurl {\npath /b\n}\nurl {\npath /c\n}\n"
                    + "connect_timeout 2");
            assertThat(c.probe()).isEqualTo(new ProbeResult.Failure("HTTP status code error to " + rs(server)
                    + " url(/b), status_code [503]."));
            assertThat(server.requests.poll(5, TimeUnit.SECONDS)).startsWith("GET /a ");
            assertThat(server.requests.poll(5, TimeUnit.SECONDS)).startsWith("GET /b ");
            assertThat(server.requests.poll(200, TimeUnit.MILLISECONDS)).isNull();
            assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(6));
        }
    }

    @Test
    void virtualhostPrecedenceIsUrlCheckerRealServerVirtualServer() throws Exception {
        try (TestServers.Tcp server = TestServers.http(OK)) {
            CheckFixtures f = CheckFixtures.realServer(server.port()).vs("virtualhost vs.example.com")
                    .rs("virtualhost rs.example.com");
            checker(f, "virtualhost checker.example.com\nurl {\npath /\nvirtualhost url.example.com:8080\n}\n"
                    + "url {\npath /\n}\nconnect_timeout 2").probe();
            checker(f, "url {\npath /\n}\nconnect_timeout 2").probe();
            checker(CheckFixtures.realServer(server.port()).vs("virtualhost vs.example.com"),
                    "url {\npath /\n}\nconnect_timeout 2").probe();
            assertThat(server.requests.poll(5, TimeUnit.SECONDS)).contains("\r\nHost: url.example.com:8080\r\n");
            assertThat(server.requests.poll(5, TimeUnit.SECONDS)).contains("\r\nHost: checker.example.com\r\n");
            assertThat(server.requests.poll(5, TimeUnit.SECONDS)).contains("\r\nHost: rs.example.com\r\n");
            assertThat(server.requests.poll(5, TimeUnit.SECONDS)).contains("\r\nHost: vs.example.com\r\n");
        }
    }

    @Test
    void aClosedPortIsAConnectionError() throws Exception {
        int port = TestServers.closedPort();
        assertThat(checker(port, "url {\npath /\n}\nconnect_timeout 2").probe())
                .isEqualTo(new ProbeResult.Failure("Error connecting server [127.0.0.1]:tcp:" + port + "."));
    }

    @Test
    void aServerClosingWithoutAnswerSentNoData() throws Exception {
        try (TestServers.Tcp server = TestServers.http("")) {
            assertThat(checker(server.port(), "url {\npath /\n}\nconnect_timeout 2").probe())
                    .isEqualTo(new ProbeResult.Failure("Read, no data received from server " + rs(server) + "."));
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOutWithinConnectTimeout() throws Exception {
        try (TestServers.Tcp server = TestServers.silent()) {
            HttpChecker c = checker(server.port(), "url {\npath /\n}\nconnect_timeout 0.5");
            long start = System.nanoTime();
            ProbeResult r = c.probe();
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(r).isEqualTo(new ProbeResult.Failure("Timeout HTTP read server " + rs(server) + "."));
            assertThat(ms).isBetween(400L, 1500L);
        }
    }

    @Test
    void aBodyOverTheLimitFails() throws Exception {
        try (TestServers.Tcp server = TestServers.http("HTTP/1.0 200 OK\r\nContent-Length: "
                + (HttpChecker.MAX_BODY + 1) + "\r\n\r\nxx")) {
            assertThat(checker(server.port(), "url {\npath /big\n}\nconnect_timeout 2").probe())
                    .isEqualTo(new ProbeResult.Failure("HTTP response from server " + rs(server)
                            + " url(/big) is larger than " + HttpChecker.MAX_BODY + " bytes."));
        }
    }

    @Test
    void anInterruptedProbeOfAHungServerReturnsPromptly() throws Exception {
        try (TestServers.Tcp server = TestServers.silent()) {
            HttpChecker c = checker(server.port(), "url {\npath /\n}\nconnect_timeout 30");
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            AtomicLong returnedAt = new AtomicLong();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    outcome.complete(new AssertionError("probe returned " + c.probe()));
                } catch (InterruptedException e) {
                    returnedAt.set(System.nanoTime());
                    outcome.complete(e);
                }
            });
            assertThat(server.clientPorts.poll(5, TimeUnit.SECONDS)).isNotNull();
            Thread.sleep(100);
            long interruptedAt = System.nanoTime();
            t.interrupt();
            assertThat(outcome.get(2, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
            assertThat((returnedAt.get() - interruptedAt) / 1_000_000).isLessThan(1000);
        }
    }

    @Test
    void ipv6ConnectAddressIsBracketedInTheHostHeader() {
        assertThat(HttpRequests.get("/", io.fulcrum.config.model.HttpProtocol.HTTP_1_0, java.util.Optional.empty(),
                io.fulcrum.common.IpAddress.parse("fd00::11"), 8080))
                .isEqualTo("GET / HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: [fd00::11]:8080\r\n\r\n");
    }

    @Test
    void anInterruptedThreadDoesNotProbe() {
        HttpChecker c = checker(1, "url {\npath /\n}\nconnect_timeout 2");
        Thread.currentThread().interrupt();
        assertThatThrownBy(c::probe).isInstanceOf(InterruptedException.class);
    }
}
