package io.fulcrum.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.model.SslGet;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SSL_GET: HttpChecker over TLS, against a server with a certificate of the test CA (src/test/resources). */
class SslGetTest {

    private static final String OK = "HTTP/1.0 200 OK\r\nContent-Length: 6\r\n\r\nhello\n";

    private static HttpChecker checker(CheckFixtures f, String body) {
        CheckFixtures.Loaded l = f.checker("SSL_GET {\n" + body + "\nconnect_timeout 3\n}");
        return new HttpChecker((SslGet) l.checker(), l.target(), l.config().ssl());
    }

    private static String sslBlock(String lines) {
        return "SSL {\n" + lines + "\n}\n";
    }

    private static String path(String fixture) {
        return TestServers.fixture(fixture).getAbsolutePath();
    }

    @Test
    void withoutACaTheServerIsNotVerified() throws Exception {
        try (TestServers.Tcp server = TestServers.https(OK, Optional.empty())) {
            HttpChecker c = checker(CheckFixtures.realServer(server.port()), "url {\npath /\n}");
            assertThat(c.probe()).isEqualTo(ProbeResult.Success.plain());
            assertThat(c.kind()).isEqualTo("SSL_GET");
            assertThat(server.requests.poll(5, TimeUnit.SECONDS)).isEqualTo("GET / HTTP/1.0\r\nUser-Agent: "
                    + "KeepAliveClient\r\nHost: 127.0.0.1:" + server.port() + "\r\n\r\n");
            assertThat(c.warnings()).isEmpty();
        }
    }

    @Test
    void withTheRightCaTheServerPasses() throws Exception {
        try (TestServers.Tcp server = TestServers.https(OK, Optional.empty())) {
            CheckFixtures f = CheckFixtures.realServer(server.port()).top(sslBlock("ca " + path("ca.pem")));
            assertThat(checker(f, "url {\npath /\n}").probe()).isEqualTo(ProbeResult.Success.plain());
        }
    }

    @Test
    void withAnotherCaTheHandshakeFails() throws Exception {
        try (TestServers.Tcp server = TestServers.https(OK, Optional.empty())) {
            CheckFixtures f = CheckFixtures.realServer(server.port()).top(sslBlock("ca " + path("other-ca.pem")));
            assertThat(checker(f, "url {\npath /\n}").probe()).isEqualTo(new ProbeResult.Failure(
                    "SSL handshake/communication error connecting to server [127.0.0.1]:tcp:" + server.port() + "."));
            assertThat(server.requests.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void sniCarriesTheVirtualhostOrSniName() throws Exception {
        try (TestServers.Tcp server = TestServers.https(OK, Optional.empty())) {
            CheckFixtures f = CheckFixtures.realServer(server.port());
            assertThat(checker(f, "enable_sni\nvirtualhost www.example.com:8443\nurl {\npath /\n}").probe())
                    .isEqualTo(ProbeResult.Success.plain());
            assertThat(server.serverNames.poll(5, TimeUnit.SECONDS)).isEqualTo("www.example.com");
            assertThat(server.requests.poll(5, TimeUnit.SECONDS)).contains("\r\nHost: www.example.com:8443\r\n");

            assertThat(checker(f, "enable_sni\nsni_name tls.example.com\nvirtualhost www.example.com\n"
                    + "url {\npath /\n}").probe()).isEqualTo(ProbeResult.Success.plain());
            assertThat(server.serverNames.poll(5, TimeUnit.SECONDS)).isEqualTo("tls.example.com");

            assertThat(checker(f, "virtualhost www.example.com\nurl {\npath /\n}").probe())
                    .isEqualTo(ProbeResult.Success.plain());
            assertThat(server.requests.poll(5, TimeUnit.SECONDS)).isNotNull();
            assertThat(server.requests.poll(5, TimeUnit.SECONDS)).isNotNull();
            assertThat(server.serverNames.poll(300, TimeUnit.MILLISECONDS)).as("no SNI without enable_sni").isNull();
        }
    }

    @Test
    void theSslBlockCertificateAndEncryptedKeyAuthenticateTheChecker() throws Exception {
        try (TestServers.Tcp server = TestServers.https(OK, Optional.of("ca.pem"))) {
            CheckFixtures with = CheckFixtures.realServer(server.port()).top(sslBlock("ca " + path("ca.pem")
                    + "\ncertificate " + path("client.pem") + "\nkey " + path("client.key") + "\npassword secret"));
            assertThat(checker(with, "url {\npath /\n}").probe()).isEqualTo(ProbeResult.Success.plain());
            CheckFixtures without = CheckFixtures.realServer(server.port()).top(sslBlock("ca " + path("ca.pem")));
            assertThat(checker(without, "url {\npath /\n}").probe()).isInstanceOf(ProbeResult.Failure.class);
        }
    }

    @Test
    void anUnreadableSslFileIsReportedOnceAndEveryProbeFails() throws Exception {
        CheckFixtures f = CheckFixtures.realServer(TestServers.closedPort()).top(sslBlock("ca /nonexistent/ca.pem"));
        HttpChecker c = checker(f, "url {\npath /\n}");
        assertThat(c.warnings()).singleElement().asString()
                .contains("SSL_GET for [127.0.0.1]:tcp:").contains("/nonexistent/ca.pem");
        assertThat(c.probe()).isInstanceOf(ProbeResult.Failure.class).asString()
                .contains("SSL handshake/communication error connecting to server");
    }

    @Test
    void serverNamesNeverCarryAPortOrAnAddress() {
        assertThat(HttpChecker.serverName("www.example.com:8443")).contains("www.example.com");
        assertThat(HttpChecker.serverName("www.example.com")).contains("www.example.com");
        assertThat(HttpChecker.serverName("10.0.0.1")).isEmpty();
        assertThat(HttpChecker.serverName("10.0.0.1:443")).isEmpty();
        assertThat(HttpChecker.serverName("[fd00::1]:443")).isEmpty();
        assertThat(HttpChecker.serverName("fd00::1")).isEmpty();
    }
}
