package io.fulcrum.system.webdriver;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One browser session of chromedriver, spoken to in the W3C WebDriver protocol: navigate, find elements by CSS,
 * read their text and attributes, run scripts, take PNG screenshots and collect the console log. Closing quits the
 * session (the browser exits); a session that is already gone is no error then.
 */
public final class WebDriverSession implements AutoCloseable {

    private static final String SE_LOG = "/se/log";
    private static final String LEGACY_LOG = "/log";

    private final W3cHttp http;
    private final String id;
    private final List<ConsoleEntry> console = new ArrayList<>();
    private String logEndpoint = SE_LOG;
    private boolean closed;

    WebDriverSession(W3cHttp http, String id) {
        this.http = http;
        this.id = id;
    }

    /** Opens a session with {@code capabilities} (the {@code alwaysMatch} object). */
    static WebDriverSession open(W3cHttp http, Map<String, Object> capabilities) {
        JsonNode value = http.post("/session", Map.of("capabilities", Map.of("alwaysMatch", capabilities)));
        String id = value.path("sessionId").asText("");
        if (id.isEmpty()) {
            throw new WebDriverException("POST /session", "session not created", "no sessionId in " + value);
        }
        return new WebDriverSession(http, id);
    }

    public String id() {
        return id;
    }

    /** Loads {@code url} and waits for the page's load event (the session's page-load strategy is normal). */
    public void navigate(String url) {
        http.post(path("/url"), Map.of("url", url));
    }

    public String currentUrl() {
        return http.get(path("/url")).asText();
    }

    public String title() {
        return http.get(path("/title")).asText();
    }

    /** The page's HTML as the browser has it now (after scripts changed it). */
    public String pageSource() {
        return http.get(path("/source")).asText();
    }

    /** Every element matching the CSS selector, in document order (empty when none). */
    public List<WebElement> findAll(String css) {
        List<WebElement> found = new ArrayList<>();
        for (JsonNode node : http.post(path("/elements"), Map.of("using", "css selector", "value", css))) {
            found.add(element(node));
        }
        return found;
    }

    /** The first element matching the CSS selector; a {@link WebDriverException} "no such element" otherwise. */
    public WebElement find(String css) {
        return element(http.post(path("/element"), Map.of("using", "css selector", "value", css)));
    }

    /** The element's rendered text, as the user sees it. */
    public String text(WebElement element) {
        return http.get(path("/element/" + element.id() + "/text")).asText();
    }

    /** The element's attribute {@code name}, empty when it has none. */
    public Optional<String> attribute(WebElement element, String name) {
        JsonNode value = http.get(path("/element/" + element.id() + "/attribute/" + name));
        return value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    /**
     * Runs {@code script} as the body of a function in the page ({@code arguments[i]} are {@code args}, which must
     * be JSON values) and returns what it returns, as JSON.
     */
    public JsonNode execute(String script, Object... args) {
        return http.post(path("/execute/sync"), Map.of("script", script, "args", List.of(args)));
    }

    /** A screenshot of the viewport, PNG. */
    public byte[] screenshot() {
        return Base64.getDecoder().decode(http.get(path("/screenshot")).asText());
    }

    /** Writes a screenshot of the viewport to {@code file} (PNG), creating its directory. */
    public Path screenshot(Path file) throws IOException {
        byte[] png = screenshot();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, png);
        return file;
    }

    /**
     * Fetches the browser console entries logged since the last call (chromedriver hands each out once, through
     * its {@code /se/log} endpoint, or the older {@code /log}) and returns every entry seen in this session so far.
     */
    public List<ConsoleEntry> console() {
        JsonNode entries;
        try {
            entries = http.post(path(logEndpoint), Map.of("type", "browser"));
        } catch (WebDriverException e) {
            if (!e.error().equals("unknown command") || logEndpoint.equals(LEGACY_LOG)) {
                throw e;
            }
            logEndpoint = LEGACY_LOG;
            entries = http.post(path(logEndpoint), Map.of("type", "browser"));
        }
        for (JsonNode e : entries) {
            console.add(new ConsoleEntry(e.path("level").asText(), e.path("source").asText(),
                    e.path("message").asText(), e.path("timestamp").asLong()));
        }
        return List.copyOf(console);
    }

    /** The SEVERE console entries of this session so far (fetching the new ones first). */
    public List<ConsoleEntry> severeConsoleEntries() {
        return console().stream().filter(ConsoleEntry::severe).toList();
    }

    /** Quits the session: the browser exits. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            http.delete("/session/" + id);
        } catch (WebDriverException e) {
            // the driver or browser is already gone: nothing to quit
        }
    }

    private String path(String command) {
        return "/session/" + id + command;
    }

    private static WebElement element(JsonNode node) {
        JsonNode ref = node.path(WebElement.KEY);
        if (!ref.isTextual()) {
            throw new WebDriverException("element", "invalid argument", "no element reference in " + node);
        }
        return new WebElement(ref.asText());
    }
}
