package io.fulcrum.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.common.IpAddress;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scrapes {@code /metrics} of a server holding a known state and reads it with the official Prometheus Python
 * parser ({@code prometheus_client.parser}, Debian's python3-prometheus-client): every name, label and value the
 * user guide documents is checked there, and the JVM's metrics are present.
 */
class MetricsScrapeTest {

    private static final String PARSER = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            out = []
            for family in text_string_to_metric_families(open(sys.argv[1], encoding="utf-8").read()):
                for s in family.samples:
                    out.append({"family": family.name, "type": family.type, "name": s.name,
                                "labels": s.labels, "value": s.value})
            print(json.dumps(out))
            """;

    @TempDir
    Path dir;

    @Test
    void theOfficialParserReadsTheDocumentedMetrics() throws Exception {
        assumeTrue(python3().isPresent(), "python3 is not installed: the Prometheus text parser cannot run");
        List<String> log = new ArrayList<>();
        String text;
        try (WebServer server = WebServer.start(new WebOptions(IpAddress.parse("127.0.0.1"), 0, Optional.empty()),
                publish -> publish.accept(WebFixtures.sample()), System::nanoTime, Instant::now, log::add)) {
            text = scrapeOncePublished(server);
        }
        Path file = dir.resolve("metrics.txt");
        Files.writeString(file, text);
        Path script = dir.resolve("parse.py");
        Files.writeString(script, PARSER);
        Process p = new ProcessBuilder(python3().get(), script.toString(), file.toString())
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("the parser failed (is python3-prometheus-client installed?): " + err)
                .isZero();
        JsonNode samples = new ObjectMapper().readTree(out);

        String vs = "TCP 10.0.0.100:80";
        assertThat(value(samples, "fulcrum_vrrp_state", Map.of("instance", "VI_1", "state", "MASTER"))).isEqualTo(1);
        assertThat(value(samples, "fulcrum_vrrp_state", Map.of("instance", "VI_1", "state", "BACKUP"))).isEqualTo(0);
        assertThat(type(samples, "fulcrum_vrrp_state")).isEqualTo("gauge");
        assertThat(value(samples, "fulcrum_vrrp_transitions_total", Map.of("instance", "VI_1"))).isEqualTo(2);
        assertThat(type(samples, "fulcrum_vrrp_transitions_total")).isEqualTo("counter");
        assertThat(value(samples, "fulcrum_vrrp_priority", Map.of("instance", "VI_1"))).isEqualTo(100);
        assertThat(value(samples, "fulcrum_vrrp_effective_priority", Map.of("instance", "VI_1"))).isEqualTo(110);
        assertThat(value(samples, "fulcrum_virtual_server_quorum_up", Map.of("virtual_server", vs))).isEqualTo(1);
        assertThat(value(samples, "fulcrum_virtual_server_sorry_server_active", Map.of("virtual_server", vs)))
                .isEqualTo(0);
        assertThat(value(samples, "fulcrum_virtual_server_connections_total", Map.of("virtual_server", vs)))
                .isEqualTo(120);
        assertThat(value(samples, "fulcrum_virtual_server_bytes_total",
                Map.of("virtual_server", vs, "direction", "out"))).isEqualTo(1_280_000);
        assertThat(value(samples, "fulcrum_virtual_server_packets_total",
                Map.of("virtual_server", vs, "direction", "in"))).isEqualTo(1000);
        Map<String, String> up = Map.of("virtual_server", vs, "real_server", "10.0.0.11:80");
        Map<String, String> down = Map.of("virtual_server", vs, "real_server", "10.0.0.12:80");
        assertThat(value(samples, "fulcrum_real_server_up", up)).isEqualTo(1);
        assertThat(value(samples, "fulcrum_real_server_up", down)).isEqualTo(0);
        assertThat(value(samples, "fulcrum_real_server_weight", up)).isEqualTo(3);
        assertThat(value(samples, "fulcrum_real_server_active_connections", up)).isEqualTo(4);
        assertThat(value(samples, "fulcrum_real_server_inactive_connections", up)).isEqualTo(2);
        assertThat(value(samples, "fulcrum_real_server_connections_total", up)).isEqualTo(120);
        assertThat(value(samples, "fulcrum_real_server_bytes_total", with(up, "direction", "in")))
                .isEqualTo(64_000);
        assertThat(value(samples, "fulcrum_real_server_packets_total", with(up, "direction", "out")))
                .isEqualTo(900);
        assertThat(value(samples, "fulcrum_check_duration_seconds", with(down, "checker", "HTTP_GET")))
                .isEqualTo(0.25);
        assertThat(value(samples, "fulcrum_check_probes_total", with(up, "checker", "TCP_CHECK"))).isEqualTo(7);
        assertThat(value(samples, "fulcrum_check_failures_total", with(down, "checker", "HTTP_GET"))).isEqualTo(5);
        assertThat(value(samples, "fulcrum_packet_engine_running", Map.of())).isEqualTo(1);
        assertThat(value(samples, "fulcrum_packet_engine_received_frames_total", Map.of())).isEqualTo(500);
        assertThat(value(samples, "fulcrum_packet_engine_forwarded_frames_total", Map.of())).isEqualTo(480);
        assertThat(value(samples, "fulcrum_packet_engine_drops_total", Map.of("reason", "NO_CONNECTION")))
                .isEqualTo(20);
        assertThat(value(samples, "fulcrum_packet_engine_frame_errors_total", Map.of("kind", "FRAGMENT")))
                .isEqualTo(3);
        assertThat(text).doesNotContain("fulcrum_proxy_errors"); // no proxy error in this state: no sample, no family
        assertThat(names(samples)).anyMatch(n -> n.startsWith("jvm_memory_used_bytes"))
                .anyMatch(n -> n.startsWith("jvm_threads_current"));
        assertThat(log).noneMatch(l -> l.contains("failed"));
    }

    /**
     * The user guide's metrics table is what is exposed: every {@code fulcrum_} sample in the scrape has a row with
     * its type and exactly its label names, and every row has samples, but the proxy errors' (none in this state).
     */
    @Test
    void theUserGuidesTableListsExactlyTheExposedMetrics() throws Exception {
        Map<String, String> documentedType = new TreeMap<>();
        Map<String, java.util.Set<String>> documentedLabels = new TreeMap<>();
        java.util.regex.Pattern row = java.util.regex.Pattern.compile(
                "^\\| `(fulcrum_[a-z_]+)` \\| (gauge|counter) \\| ([^|]*)\\|");
        for (String line : Files.readAllLines(Path.of("docs/user-guide.md"))) {
            java.util.regex.Matcher m = row.matcher(line);
            if (m.find()) {
                documentedType.put(m.group(1), m.group(2));
                java.util.Set<String> labels = new java.util.TreeSet<>();
                for (String l : m.group(3).split(",")) {
                    if (!l.isBlank()) {
                        labels.add(l.strip().replace("`", ""));
                    }
                }
                documentedLabels.put(m.group(1), labels);
            }
        }
        assertThat(documentedType).as("rows of the metrics table in docs/user-guide.md").hasSizeGreaterThan(20);
        String text;
        try (WebServer server = WebServer.start(new WebOptions(IpAddress.parse("127.0.0.1"), 0, Optional.empty()),
                publish -> publish.accept(WebFixtures.sample()), System::nanoTime, Instant::now, m -> { })) {
            text = scrapeOncePublished(server);
        }
        Map<String, java.util.Set<String>> exposed = new TreeMap<>();
        Map<String, String> exposedType = new TreeMap<>();
        String type = "";
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE fulcrum_")) {
                type = line.split(" ")[3];
            } else if (line.startsWith("fulcrum_")) {
                String name = line.split("[{ ]")[0];
                java.util.Set<String> labels = new java.util.TreeSet<>();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("([a-z_]+)=\"").matcher(line);
                while (m.find()) {
                    labels.add(m.group(1));
                }
                exposed.put(name, labels);
                exposedType.put(name, type);
            }
        }
        assertThat(exposed).as("documented label names of each exposed metric").isEqualTo(
                new TreeMap<>(documentedLabels.entrySet().stream().filter(e -> exposed.containsKey(e.getKey()))
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
        assertThat(exposedType).as("documented types").isEqualTo(new TreeMap<>(documentedType.entrySet().stream()
                .filter(e -> exposed.containsKey(e.getKey()))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
        java.util.Set<String> missing = new java.util.TreeSet<>(documentedType.keySet());
        missing.removeAll(exposed.keySet());
        assertThat(missing).as("documented but not exposed").containsExactly("fulcrum_proxy_errors_total");
    }

    private static String scrapeOncePublished(WebServer server) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + "/metrics");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain; version=0.0.4");
            if (r.body().contains("fulcrum_vrrp_state{") || System.nanoTime() > deadline) {
                return r.body();
            }
            Thread.sleep(20);
        }
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> m = new TreeMap<>(labels);
        m.put(name, value);
        return m;
    }

    private static double value(JsonNode samples, String name, Map<String, String> labels) {
        for (JsonNode s : samples) {
            if (s.get("name").asText().equals(name) && labels(s).equals(new TreeMap<>(labels))) {
                return s.get("value").asDouble();
            }
        }
        throw new AssertionError("no sample " + name + labels + " in " + names(samples));
    }

    private static String type(JsonNode samples, String name) {
        for (JsonNode s : samples) {
            if (s.get("name").asText().equals(name)) {
                return s.get("type").asText();
            }
        }
        throw new AssertionError("no sample " + name);
    }

    private static Map<String, String> labels(JsonNode sample) {
        Map<String, String> m = new TreeMap<>();
        sample.get("labels").properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    private static List<String> names(JsonNode samples) {
        List<String> out = new ArrayList<>();
        samples.forEach(s -> out.add(s.get("name").asText()));
        return out;
    }

    /** Debian's python3 first (python3-prometheus-client is installed for it), else the first on the PATH. */
    private static Optional<String> python3() {
        if (Files.isExecutable(Path.of("/usr/bin/python3"))) {
            return Optional.of("/usr/bin/python3");
        }
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path p = Path.of(d, "python3");
            if (Files.isExecutable(p)) {
                return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }
}
