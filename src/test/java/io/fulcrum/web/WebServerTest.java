package io.fulcrum.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.common.IpAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The status server on a real loopback port: routing, the token, the JSON, the event stream, the page. */
class WebServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> log = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong();
    private WebServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String start(Optional<String> token) throws Exception {
        server = WebServer.start(new WebOptions(IpAddress.parse("127.0.0.1"), 0, token),
                publish -> publish.accept(WebFixtures.sample()), nanos::get,
                () -> Instant.parse("2026-01-01T00:00:05Z"), log::add, false);
        String base = "http://127.0.0.1:" + server.address().getPort();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get(base + "/api/v1/status", token.map(t -> "Bearer " + t));
            if (r.statusCode() == 200 && JSON.readTree(r.body()).get("sequence").asLong() >= 1) {
                return base;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the server never published the state");
    }

    private HttpResponse<String> get(String url, Optional<String> auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        auth.ifPresent(a -> b.header("Authorization", a));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.ofString(method.equals("HEAD") ? "" : "x")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheStatusAsJson() throws Exception {
        String base = start(Optional.empty());
        HttpResponse<String> r = get(base + "/api/v1/status", Optional.empty());
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        JsonNode doc = JSON.readTree(r.body());
        assertThat(doc.get("generatedAt").asText()).isEqualTo("2026-01-01T00:00:05Z");
        assertThat(doc.get("summary").asText()).isEqualTo("MASTER for VI_1 \u00b7 1/2 real servers up");
        JsonNode vi = doc.get("vrrp").get(0);
        assertThat(vi.get("name").asText()).isEqualTo("VI_1");
        assertThat(vi.get("state").asText()).isEqualTo("MASTER");
        assertThat(vi.get("effectivePriority").asInt()).isEqualTo(110);
        assertThat(vi.get("master").asText()).isEqualTo("10.0.0.2");
        assertThat(vi.get("transitions").get(1).get("reason").asText()).isEqualTo("advertisement timeout");
        assertThat(vi.get("transitions").get(1).has("atNanos")).isFalse();
        JsonNode vs = doc.get("virtualServers").get(0);
        assertThat(vs.get("name").asText()).isEqualTo("TCP 10.0.0.100:80");
        assertThat(vs.get("sorryServer").asText()).isEqualTo("10.0.0.99:80");
        JsonNode rs = vs.get("realServers").get(1);
        assertThat(rs.get("name").asText()).isEqualTo("10.0.0.12:80");
        assertThat(rs.get("up").asBoolean()).isFalse();
        assertThat(rs.get("checks").get(0).get("lastMillis").asDouble()).isEqualTo(250.0);
        assertThat(doc.get("dataplane").get("drops").get("NO_CONNECTION").asLong()).isEqualTo(20);
        assertThat(doc.get("history").get("series").get("TCP 10.0.0.100:80 -> 10.0.0.11:80").get("cps").get(0)
                .asLong()).isEqualTo(5);

        JsonNode vrrp = JSON.readTree(get(base + "/api/v1/vrrp", Optional.empty()).body());
        assertThat(vrrp.get("running").asBoolean()).isTrue();
        assertThat(vrrp.get("instances").get(0).get("name").asText()).isEqualTo("VI_1");
        JsonNode servers = JSON.readTree(get(base + "/api/v1/virtual-servers", Optional.empty()).body());
        assertThat(servers.get("virtualServers").get(0).get("realServers")).hasSize(2);
    }

    @Test
    void answersOnlyGetAndHeadOnKnownPaths() throws Exception {
        String base = start(Optional.empty());
        assertThat(get(base + "/nope", Optional.empty()).statusCode()).isEqualTo(404);
        assertThat(get(base + "/api/v1/status/", Optional.empty()).statusCode()).isEqualTo(404);
        HttpResponse<String> post = send("POST", base + "/api/v1/status");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
        assertThat(send("DELETE", base + "/").statusCode()).isEqualTo(405);
        HttpResponse<String> head = send("HEAD", base + "/api/v1/status");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(Long.parseLong(head.headers().firstValue("content-length").orElseThrow())).isPositive();
    }

    @Test
    void asksForTheTokenWhenOneIsSet() throws Exception {
        String base = start(Optional.of("s3cret"));
        for (String path : List.of("/", "/api/v1/status", "/api/v1/vrrp", "/api/v1/virtual-servers", "/metrics",
                "/api/v1/events")) {
            HttpResponse<String> r = get(base + path, Optional.empty());
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"fulcrum\"");
            assertThat(get(base + path, Optional.of("Bearer wrong")).statusCode()).as(path).isEqualTo(401);
        }
        assertThat(get(base + "/api/v1/status", Optional.of("Bearer s3cret")).statusCode()).isEqualTo(200);
        assertThat(get(base + "/metrics", Optional.of("bearer s3cret")).statusCode()).isEqualTo(200);
        assertThat(get(base + "/?token=s3cret", Optional.empty()).statusCode()).isEqualTo(200);
        assertThat(get(base + "/?token=wrong", Optional.empty()).statusCode()).isEqualTo(401);
        // the query form is only for the page and the event stream, which a browser opens without headers
        assertThat(get(base + "/api/v1/status?token=s3cret", Optional.empty()).statusCode()).isEqualTo(401);
        assertThat(firstEvent(base, "/api/v1/events?token=s3cret")).startsWith("HTTP/1.1 200");
    }

    @Test
    void streamsTheStatusAsServerSentEvents() throws Exception {
        String base = start(Optional.empty());
        String first = firstEvent(base, "/api/v1/events");
        assertThat(first).startsWith("HTTP/1.1 200").contains("content-type: text/event-stream; charset=utf-8");
        Matcher m = Pattern.compile("event: status\nid: (\\d+)\ndata: (\\{.*})\n\n").matcher(first);
        assertThat(m.find()).as(first).isTrue();
        JsonNode doc = JSON.readTree(m.group(2));
        assertThat(doc.get("sequence").asLong()).isEqualTo(Long.parseLong(m.group(1)));
        assertThat(doc.get("vrrp").get(0).get("state").asText()).isEqualTo("MASTER");
    }

    @Test
    void keepsOnServingAfterRequestsItCannotRead() throws Exception {
        String base = start(Optional.empty());
        int port = server.address().getPort();
        for (String garbage : List.of("\u0000\u0001\u0002 nonsense\r\n\r\n", "GET / HTTP/1.1\r\nHost: x\r\n"
                + "X: " + "y".repeat(20_000) + "\r\n\r\n", "GET " + "/a".repeat(5000) + " HTTP/1.1\r\n\r\n")) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(5000);
                s.getOutputStream().write(garbage.getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                String status = new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.ISO_8859_1)).readLine();
                if (status != null) {
                    assertThat(status).matches("HTTP/1\\.[01] (400|413|431) .*");
                }
            }
        }
        assertThat(get(base + "/api/v1/status", Optional.empty()).statusCode()).isEqualTo(200);
    }

    @Test
    void servesOneSelfContainedPage() throws Exception {
        String base = start(Optional.empty());
        HttpResponse<String> r = get(base + "/", Optional.empty());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(r.headers().firstValue("content-security-policy").orElseThrow()).contains("default-src 'none'");
        String page = r.body();
        assertThat(page).doesNotContain("http://", "https://");
        Matcher attr = Pattern.compile("(?i)\\b(src|href|action)\\s*=\\s*[\"']?([^\"'\\s>]*)").matcher(page);
        while (attr.find()) {
            assertThat(attr.group(2)).as(attr.group()).doesNotContain("//").doesNotStartWith("http");
        }
        assertThat(page).doesNotContainIgnoringCase("@import").doesNotContainIgnoringCase("url(");
        // the DOM contract the browser test reads
        assertThat(page).contains("<body data-connected=\"false\" data-updates=\"0\">", "data-vrrp-instance",
                "data-virtual-server", "data-real-server", "badge(i.state, \"state\")",
                "\"data-field\": \"priority\"", "badge(rs.up ? \"UP\" : \"DOWN\", \"health\")",
                "\"data-field\": \"weight\"", "api/v1/events", "api/v1/status");
    }

    /** Reads the stream's response up to the end of its first event. */
    private static String firstEvent(String base, String path) throws IOException {
        URI uri = URI.create(base);
        try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            StringBuilder text = new StringBuilder();
            var in = s.getInputStream();
            int c;
            while ((c = in.read()) != -1) {
                text.append((char) c);
                String t = text.toString();
                int data = t.indexOf("data: ");
                if (data >= 0 && t.indexOf("\n\n", data) >= 0) {
                    break;
                }
            }
            return dechunk(text.toString());
        }
    }

    /** Drops the chunk-size lines of a chunked body (they stand alone on their lines, in hex). */
    private static String dechunk(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        String head = raw.substring(0, end + 4).toLowerCase().replace("http/1.1", "HTTP/1.1");
        String body = raw.substring(end + 4).replaceAll("(?m)^[0-9a-fA-F]+\r\n", "").replace("\r\n", "");
        return head.replace("\r\n", "\n").replaceFirst("HTTP/1.1 200 ok", "HTTP/1.1 200") + body;
    }
}
