package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fulcrum.cli.Dataplane;
import io.fulcrum.cli.ProxyIo;
import io.fulcrum.cli.RunSettings;
import io.fulcrum.cli.WebOption;
import io.fulcrum.common.IpAddress;
import io.fulcrum.config.ConfigLoader;
import io.fulcrum.config.FileAccess;
import io.fulcrum.config.LoadResult;
import io.fulcrum.config.PreprocessOptions;
import io.fulcrum.web.WebOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status page in a running daemon: what it shows of the table and the health state, its start and stop. */
class WebHostTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final RecordingEngine engine = RecordingEngine.available();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final DaemonLog log = new DaemonLog(new PrintWriter(out),
            Clock.fixed(Instant.parse("2025-01-06T10:00:00Z"), ZoneOffset.UTC));

    private RunSettings settings(String text, WebOption web) {
        LoadResult r = new ConfigLoader(FileAccess.none(), PreprocessOptions.of("director1", Map.of()))
                .loadText("<test>", dir, text);
        assertThat(r.errorCount()).as(r.problems().toString()).isZero();
        return new RunSettings(dir.resolve("keepalived.conf"), r.config().orElseThrow(), 0, r.warningCount(),
                dir.resolve("f.sock"), Dataplane.AUTO, false, false, false, true, false, ProxyIo.AUTO, 0, web, io.fulcrum.cli.LogSettings.STDOUT,
                io.fulcrum.cli.ConfigSource.of(dir.resolve("keepalived.conf"), io.fulcrum.cli.ConfigSource.hostId()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private String config(int webPort, int closedPort) {
        return """
                global_defs {
                    web_listen 127.0.0.1 %d
                }
                virtual_server 127.0.0.1 18080 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method FNAT
                    sorry_server 127.0.0.1 18089
                    real_server 127.0.0.1 18081 {
                        weight 3
                    }
                    real_server 127.0.0.1 %d {
                        TCP_CHECK {
                            connect_timeout 1
                            delay_loop 1
                            retry 0
                        }
                    }
                }
                """.formatted(webPort, closedPort);
    }

    private JsonNode status(int port) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/status")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void showsTheTableAndTheHealthStateAndStopsWithTheDaemon() throws Exception {
        int port = freePort();
        int closed = freePort();
        RecordingProxy proxy = new RecordingProxy(List.of(), () -> true);
        Daemon d = Daemon.start(settings(config(port, closed), WebOption.NONE), "9.9", 1, log, System::nanoTime,
                proxy.factory(), engine.factory());
        try {
            assertThat(out.toString()).contains("Status page on http://127.0.0.1:" + port + "/");
            JsonNode down = null;
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (System.nanoTime() < deadline) {
                JsonNode doc = status(port);
                JsonNode vs = doc.get("virtualServers").get(0);
                if (vs != null && vs.get("realServers").size() == 2) {
                    JsonNode second = vs.get("realServers").get(1);
                    if (!second.get("up").asBoolean() && !second.get("checks").get(0).get("lastOk").isNull()) {
                        down = doc;
                        break;
                    }
                }
                Thread.sleep(100);
            }
            assertThat(down).as("the failed real server never showed as DOWN: " + out).isNotNull();
            assertThat(down.get("vrrpRunning").asBoolean()).isFalse();
            JsonNode vs = down.get("virtualServers").get(0);
            assertThat(vs.get("name").asText()).isEqualTo("TCP 127.0.0.1:18080");
            assertThat(vs.get("scheduler").asText()).isEqualTo("rr");
            assertThat(vs.get("sorryServer").asText()).isEqualTo("127.0.0.1:18089");
            JsonNode up = vs.get("realServers").get(0);
            assertThat(up.get("name").asText()).isEqualTo("127.0.0.1:18081");
            assertThat(up.get("up").asBoolean()).isTrue();
            assertThat(up.get("weight").asInt()).isEqualTo(3);
            assertThat(up.get("forwarding").asText()).isEqualTo("FNAT");
            JsonNode failed = vs.get("realServers").get(1);
            assertThat(failed.get("name").asText()).isEqualTo("127.0.0.1:" + closed);
            assertThat(failed.get("inTable").asBoolean()).as("removed: no inhibit_on_failure").isFalse();
            JsonNode check = failed.get("checks").get(0);
            assertThat(check.get("checker").asText()).isEqualTo("TCP_CHECK");
            assertThat(check.get("lastOk").asBoolean()).isFalse();
            assertThat(check.get("lastMillis").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(check.get("failures").asLong()).isPositive();
            assertThat(down.get("summary").asText()).isEqualTo("VRRP not running \u00b7 1/2 real servers up");
        } finally {
            d.stop("test");
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void aReloadedConfigurationIsWhatThePageShows() throws Exception {
        int port = freePort();
        String before = config(port, freePort());
        Files.writeString(dir.resolve("keepalived.conf"), before);
        RecordingProxy proxy = new RecordingProxy(List.of(), () -> true);
        Daemon d = Daemon.start(settings(before, WebOption.NONE), "9.9", 1, log, System::nanoTime,
                proxy.factory(), engine.factory());
        try {
            Files.writeString(dir.resolve("keepalived.conf"), before + """
                    virtual_server 127.0.0.1 18090 {
                        protocol TCP
                        lvs_sched wlc
                        lvs_method FNAT
                        sorry_server 127.0.0.1 18099
                        real_server 127.0.0.1 18091 {
                            weight 7
                        }
                    }
                    """);
            d.reloadLater("test");
            JsonNode added = null;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (added == null && System.nanoTime() < deadline) {
                for (JsonNode vs : status(port).get("virtualServers")) {
                    if (vs.get("name").asText().equals("TCP 127.0.0.1:18090")) {
                        added = vs;
                    }
                }
                Thread.sleep(100);
            }
            assertThat(added).as("the reloaded virtual server never showed: " + out).isNotNull();
            assertThat(added.get("scheduler").asText()).isEqualTo("wlc");
            assertThat(added.get("realServers").get(0).get("weight").asInt()).isEqualTo(7);
            assertThat(added.get("sorryServer").asText()).as("read from the new configuration")
                    .isEqualTo("127.0.0.1:18099");
        } finally {
            d.stop("test");
        }
    }

    @Test
    void anAddressInUseStopsTheStartNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            RecordingProxy proxy = new RecordingProxy(List.of(), () -> true);
            assertThatThrownBy(() -> Daemon.start(settings(config(port, freePort()), WebOption.NONE), "9.9", 1, log,
                    System::nanoTime, proxy.factory(), engine.factory()))
                    .isInstanceOf(DaemonStartException.class)
                    .hasMessageContaining("the status page cannot listen on 127.0.0.1:" + port);
            assertThat(Files.exists(dir.resolve("f.sock"))).as("the control socket is removed").isFalse();
            assertThat(proxy.closed).isTrue();
        }
    }

    @Test
    void theCommandLineWinsOverTheConfiguration() {
        String conf = "global_defs {\n web_listen 127.0.0.1 8089\n web_token fromtheconfigfile0\n}\n";
        List<String> lines = new ArrayList<>();
        assertThat(WebHost.options(settings(conf, WebOption.NONE), lines::add)).hasValue(
                new WebOptions(IpAddress.parse("127.0.0.1"), 8089, Optional.of("fromtheconfigfile0")));
        WebOption cli = new WebOption(Optional.of(new WebOption.Listen(IpAddress.parse("::1"), 9000)),
                Optional.of("fromthecommandline"));
        assertThat(WebHost.options(settings(conf, cli), lines::add)).hasValue(
                new WebOptions(IpAddress.parse("::1"), 9000, Optional.of("fromthecommandline")));
        assertThat(WebHost.options(settings("", WebOption.NONE), lines::add)).isEmpty();
        assertThat(lines).isEmpty();
        assertThat(WebHost.options(settings("", new WebOption(Optional.empty(), Optional.of("tokentoken"))),
                lines::add)).isEmpty();
        assertThat(lines).singleElement().asString().contains("the page is off");
    }
}
