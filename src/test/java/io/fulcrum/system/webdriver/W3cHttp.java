package io.fulcrum.system.webdriver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The W3C WebDriver wire format over java.net.http: JSON bodies, every answer wrapped in {@code {"value": ...}},
 * errors as {@code {"value": {"error", "message"}}} with a 4xx/5xx status, turned into {@link WebDriverException}.
 */
final class W3cHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;
    private final Duration timeout;

    W3cHttp(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
    }

    static ObjectMapper json() {
        return JSON;
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    JsonNode delete(String path) {
        return send("DELETE", path, null);
    }

    /** Stops the HTTP client (its connections and selector thread). */
    void close() {
        client.shutdownNow();
    }

    /** Sends one command; returns the answer's {@code value} (a NullNode for {@code null}). */
    private JsonNode send(String method, String path, Object body) {
        String command = method + " " + path;
        HttpResponse<String> response;
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
            HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                    .header("Content-Type", "application/json; charset=utf-8").method(method, publisher).build();
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new WebDriverException(command, "transport", String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebDriverException(command, "transport", "interrupted");
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new WebDriverException(command, "transport", "HTTP " + response.statusCode()
                    + " with a body that is not JSON: " + firstLine(response.body()));
        }
        JsonNode value = answer == null ? NullNode.getInstance() : answer.path("value");
        if (response.statusCode() >= 400 || value.has("error")) {
            throw new WebDriverException(command, value.path("error").asText("HTTP " + response.statusCode()),
                    firstLine(value.path("message").asText("")));
        }
        return value.isMissingNode() ? NullNode.getInstance() : value;
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("").strip();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
