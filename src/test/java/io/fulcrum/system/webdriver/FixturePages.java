package io.fulcrum.system.webdriver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Trivial pages for testing the WebDriver client, served by the JDK's HttpServer: run as its own JVM inside the
 * browser's namespace ({@code java -cp TESTCLASSES io.fulcrum.system.webdriver.FixturePages ADDRESS PORT}); prints
 * {@code listening} when it accepts. {@code /} is clean; the others each cause one kind of SEVERE console entry.
 */
public final class FixturePages {

    static final String HEAD = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Fixture</title>"
            + "<link rel=\"icon\" href=\"data:,\"></head>";
    static final Map<String, String> PAGES = Map.of(
            "/", HEAD + "<body><h1 id=\"greeting\">Hello, browser</h1><ul>"
                    + "<li class=\"item\" data-n=\"1\">one</li><li class=\"item\" data-n=\"2\">two</li></ul>"
                    + "<script>console.log('fixture loaded'); document.body.dataset.script = 'ran';</script>"
                    + "</body></html>",
            "/console-error", HEAD + "<body><p>error</p><script>console.error('fixture error ' + 6 * 7);"
                    + "</script></body></html>",
            "/uncaught", HEAD + "<body><p>uncaught</p><script>throw new Error('fixture uncaught');</script>"
                    + "</body></html>",
            "/missing-resource", HEAD + "<body><img src=\"/no-such-image.png\" alt=\"missing\"></body></html>");

    private FixturePages() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: FixturePages ADDRESS PORT");
            System.exit(2);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(args[0], Integer.parseInt(args[1])), 16);
        server.createContext("/", FixturePages::serve);
        server.start();
        System.out.println("listening on " + args[0] + ":" + args[1]);
    }

    private static void serve(HttpExchange exchange) throws IOException {
        String page = PAGES.get(exchange.getRequestURI().getPath());
        byte[] body = (page == null ? "not found" : page).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", page == null ? "text/plain" : "text/html; charset=utf-8");
        exchange.sendResponseHeaders(page == null ? 404 : 200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
