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

    private static ServerSocket listen() throws IOException {
        return new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void digestsTheBodyAndSendsKeepalivedsRequest() throws Exception {
        try (ServerSocket server = listen()) {
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
    void virtualHostAndHttp11AsKeepalivedSendsThem() throws Exception {
        try (ServerSocket server = listen()) {
            var request = serveOnce(server, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nhel\r\n3\r\nlo\n\r\n0\r\n\r\n");
            CliRunner r = CliRunner.run("genhash", "-s", "127.0.0.1", "-p", String.valueOf(server.getLocalPort()),
                    "-u", "/x", "-V", "www.example.com", "-P", "1.1");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("b1946ac92492d2347c6235b4d2611184\n");
            assertThat(request.get()).isEqualTo("GET /x HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\n"
                    + "Connection: close\r\nHost: www.example.com\r\n\r\n");
        }
    }

    @Test
    void verboseDumpsHeaderBodyAndDigestAsKeepalived() throws Exception {
        try (ServerSocket server = listen()) {
            String head = "HTTP/1.0 200 OK\r\nContent-Length: 6\r\n\r\n";
            serveOnce(server, head + "hello\n");
            CliRunner r = CliRunner.run("genhash", "-s", "127.0.0.1", "-p", String.valueOf(server.getLocalPort()),
                    "-u", "/", "-v");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo(GenhashCommand.HEADER_HEX
                    + "0000  48 54 54 50 2f 31 2e 30 - 20 32 30 30 20 4f 4b 0d   HTTP/1.0 200 OK.\n"
                    + "0016  0a 43 6f 6e 74 65 6e 74 - 2d 4c 65 6e 67 74 68 3a   .Content-Length:\n"
                    + "0032  20 36 0d 0a 0d 0a" + " ".repeat(6) + " -" + " ".repeat(27) + " 6...." + " ".repeat(10)
                    + "\n"
                    + GenhashCommand.HEADER_ASCII + head + "\n"
                    + GenhashCommand.BODY_HEX
                    + "0000  68 65 6c 6c 6f 0a" + " ".repeat(6) + " -" + " ".repeat(27) + "hello." + " ".repeat(10)
                    + "\n"
                    + "\n" + GenhashCommand.HASH
                    + "0000  b1 94 6a c9 24 92 d2 34 - 7c 62 35 b4 d2 61 11 84   ..j.$..4|b5..a..\n"
                    + GenhashCommand.HASH_FINAL
                    + "b1946ac92492d2347c6235b4d2611184\n");
        }
    }

    @Test
    void aClosedPortIsOneClearLine() throws IOException {
        int port;
        try (ServerSocket s = listen()) {
            port = s.getLocalPort();
        }
        CliRunner r = CliRunner.run("genhash", "-s", "127.0.0.1", "-p", String.valueOf(port), "-u", "/");
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("fulcrum genhash: 127.0.0.1:" + port + ": ").contains("refused")
                .doesNotContain("Exception").hasLineCount(1);
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws IOException {
        try (ServerSocket server = listen()) {
            CliRunner r = CliRunner.run("genhash", "-s", "127.0.0.1", "-p", String.valueOf(server.getLocalPort()),
                    "-u", "/", "-t", "1");
            assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(r.err()).isEqualTo("fulcrum genhash: 127.0.0.1:" + server.getLocalPort()
                    + ": no answer within 1 s\n");
        }
    }

    @Test
    void badArgumentsAreUsageErrors() {
        CliRunner proto = CliRunner.run("genhash", "-s", "127.0.0.1", "-u", "/", "-P", "2.0");
        assertThat(proto.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(proto.err()).contains("--protocol '2.0'");
        CliRunner name = CliRunner.run("genhash", "-s", "www.example.com", "-u", "/");
        assertThat(name.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(name.err()).isEqualTo("fulcrum genhash: server should be an IP, not www.example.com\n");
        CliRunner port = CliRunner.run("genhash", "-s", "127.0.0.1", "-u", "/", "-p", "70000");
        assertThat(port.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(port.err()).contains("invalid port number '70000'");
        CliRunner missing = CliRunner.run("genhash", "-s", "127.0.0.1");
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("Missing required option").contains("--url");
    }

    @Test
    void dumpPadsAShortLastLine() {
        assertThat(GenhashCommand.dump(new byte[0])).isEmpty();
        assertThat(GenhashCommand.dump("0123456789abcdefg".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("0000  30 31 32 33 34 35 36 37 - 38 39 61 62 63 64 65 66   0123456789abcdef\n"
                        + "0016  67" + " ".repeat(21) + " -" + " ".repeat(27) + "g" + " ".repeat(15) + "\n");
    }
}
