package io.fulcrum.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.HttpProtocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GenHashTest {

    private static final IpAddress LOCALHOST = IpAddress.parse("127.0.0.1");

    @Test
    void fetchesOverHttpsWithSniAndWithoutVerifyingTheServer() throws Exception {
        try (TestServers.Tcp server = TestServers.https("HTTP/1.0 200 OK\r\nX-A: b\r\n\r\nhello\n",
                Optional.empty())) {
            GenHash.Result r = GenHash.fetch(new GenHash.Request(LOCALHOST, server.port(), "/p", true,
                    Optional.of("www.example.com"), true, HttpProtocol.HTTP_1_0, Duration.ofSeconds(3)));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.md5()).isEqualTo("b1946ac92492d2347c6235b4d2611184");
            assertThat(new String(r.head(), StandardCharsets.ISO_8859_1))
                    .isEqualTo("HTTP/1.0 200 OK\r\nX-A: b\r\n\r\n");
            assertThat(r.body()).isEqualTo("hello\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(r.request()).isEqualTo("GET /p HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\n"
                    + "Host: www.example.com\r\n\r\n");
            assertThat(server.serverNames.poll(5, TimeUnit.SECONDS)).isEqualTo("www.example.com");
        }
    }

    @Test
    void failuresSayWhatWentWrong() throws Exception {
        int closed = TestServers.closedPort();
        assertThatThrownBy(() -> GenHash.fetch(new GenHash.Request(LOCALHOST, closed, "/", false, Optional.empty(),
                false, HttpProtocol.HTTP_1_0, Duration.ofSeconds(2))))
                .isInstanceOf(IOException.class).hasMessageContaining("refused");
        try (TestServers.Tcp server = TestServers.http("")) {
            assertThatThrownBy(() -> GenHash.fetch(new GenHash.Request(LOCALHOST, server.port(), "/", false,
                    Optional.empty(), false, HttpProtocol.HTTP_1_1, Duration.ofSeconds(2))))
                    .isInstanceOf(IOException.class).hasMessage("no data received from remote webserver");
        }
        assertThatThrownBy(() -> new GenHash.Request(LOCALHOST, 0, "/", false, Optional.empty(), false,
                HttpProtocol.HTTP_1_0, Duration.ofSeconds(2))).isInstanceOf(IllegalArgumentException.class);
    }
}
