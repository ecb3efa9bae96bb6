package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fulcrum backend} as the built jar: ready line, real clients, SIGTERM. */
class BackendIT {

    private static final String READY = "fulcrum backend: listening on ";

    @TempDir
    Path dir;

    @Test
    void servesTheSeedsPageUntilSigterm() throws Exception {
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", System.getProperty("fulcrum.jar", "target/fulcrum.jar"),
                "backend", "--listen", "127.0.0.1:0", "--text", "This is Real Server1"))
                .redirectError(err.toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String ready = out.readLine();
            assertThat(ready).as(Files.readString(err)).startsWith(READY);
            String address = ready.substring(READY.length());
            assertThat(address).matches("127\\.0\\.0\\.1:\\d+").isNotEqualTo("127.0.0.1:0");

            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://" + address + "/"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("This is Real Server1\n");
            assertThat(r.headers().firstValue("X-Fulcrum-Backend")).hasValue(address);

            int port = Integer.parseInt(address.substring(address.indexOf(':') + 1));
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(5000);
                s.getOutputStream().write(("GET / HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: " + address
                        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                byte[] body = GenhashCommand.body(s.getInputStream().readAllBytes());
                // the digest an HTTP_GET block would carry for this page (fulcrum genhash prints the same)
                assertThat(GenhashCommand.md5Hex(body))
                        .isEqualTo(GenhashCommand.md5Hex("This is Real Server1\n".getBytes(StandardCharsets.UTF_8)));
            }

            assertThat(p.toHandle().destroy()).as("SIGTERM sent").isTrue();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(err)).isZero();
            assertThat(out.readLine()).isNull();
        } finally {
            p.destroyForcibly();
        }
        assertThat(Files.readString(err))
                .isEqualTo("fulcrum backend: stopped after 2 requests (2 pages, 0 failures, 0 not allowed, 0 bad)\n");
    }

    @Test
    void anUnbindableAddressExitsOne() throws Exception {
        CheckConfigIT.Run r = CheckConfigIT.fulcrum(60, "backend", "--listen", "192.0.2.1:80");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("fulcrum backend: cannot listen on 192.0.2.1:80: Cannot assign requested address\n");
    }
}
