package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class GenhashCommandTest {

    /** Serves one raw HTTP response and returns the request it received. */
    private static CompletableFuture<String> serveOnce(ServerSocket server, String response) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                ByteArrayOutputStream req = new ByteArrayOutputStream();
                while (!req.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    req.write(b);
                }
                OutputStream out = s.getOutputStream();
                out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return req.toString(StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    void digestsTheBodyAndSendsKeepalivedsRequest() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            var request = serveOnce(server, "HTTP/1.0 200 OK\r\nContent-Length: 6\r\n\r\nhello\n");
            CliRunner r = CliRunner.run("genhash", "-s", "127.0.0.1", "-p", String.valueOf(port), "-u", "/index.html");
            assertThat(r.code()).as(r.err()).isZero();
            // md5("hello\n"), the same digest keepalived 2.2.7's genhash printed for this body
            assertThat(r.out()).isEqualTo("b1946ac92492d2347c6235b4d2611184\n");
            assertThat(request.get()).isEqualTo("GET /index.html HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\n\r\n");
        }
    }

    @Test
    void virtualHostAndHttp11AsKeepalivedSendsThem() {
        assertThat(GenhashCommand.request("/x", "1.1", "www.example.com", 18081, false, true))
                .isEqualTo("GET /x HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\n"
                        + "Host: www.example.com\r\n\r\n");
        assertThat(GenhashCommand.request("/x", "1.0c", "10.0.0.1", 18081, false, false))
                .isEqualTo("GET /x HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\n"
                        + "Host: 10.0.0.1:18081\r\n\r\n");
    }

    @Test
    void aClosedPortIsAClearError() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRunner r = CliRunner.run("genhash", "-s", "127.0.0.1", "-p", String.valueOf(port), "-u", "/");
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("127.0.0.1:" + port).contains("refused").doesNotContain("Exception");
    }

    @Test
    void badProtocolIsAUsageError() {
        CliRunner r = CliRunner.run("genhash", "-s", "127.0.0.1", "-u", "/", "-P", "2.0");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--protocol '2.0'");
    }
}
