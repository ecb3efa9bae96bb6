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
 * {@code listening} when it accepts. {@code /} is clean; three others each cause one kind of SEVERE console entry;
 * {@code /status} imitates the status page's DOM contract, rendering (every 200 ms, replacing its elements) the
 * JSON that a POST to {@code /status.json} last stored.
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
            "/missing-resource", HEAD + "<body><img src=\"/no-such-image.png\" alt=\"missing\"></body></html>",
            "/status", HEAD + """
                    <body data-connected="false" data-updates="0"><div id="status"></div><script>
                    let updates = 0;
                    const esc = s => String(s).replace(/[&<>"]/g, c => '&#' + c.charCodeAt(0) + ';');
                    function render(s) {
                      let html = '';
                      for (const v of s.vrrp) {
                        html += '<section data-vrrp-instance="' + esc(v.name) + '"><b data-field="state">'
                          + esc(v.state) + '</b> <span data-field="priority">' + esc(v.priority) + '</span></section>';
                      }
                      for (const vs of s.vs) {
                        html += '<table data-virtual-server="' + esc(vs.name) + '">';
                        for (const rs of vs.rs) {
                          html += '<tr data-real-server="' + esc(rs.name) + '"><td data-field="health">'
                            + esc(rs.health) + '</td><td data-field="weight">' + esc(rs.weight) + '</td></tr>';
                        }
                        html += '</table>';
                      }
                      document.getElementById('status').innerHTML = html;
                      updates++;
                      document.body.dataset.updates = String(updates);
                      document.body.dataset.connected = 'true';
                    }
                    async function poll() {
                      const r = await fetch('/status.json', {cache: 'no-store'});
                      render(await r.json());
                    }
                    poll();
                    setInterval(poll, 200);
                    </script></body></html>""");

    private volatile String status = "{\"vrrp\":[],\"vs\":[]}";

    private FixturePages() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: FixturePages ADDRESS PORT");
            System.exit(2);
        }
        FixturePages pages = new FixturePages();
        HttpServer server = HttpServer.create(new InetSocketAddress(args[0], Integer.parseInt(args[1])), 16);
        server.createContext("/", pages::serve);
        server.start();
        System.out.println("listening on " + args[0] + ":" + args[1]);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/status.json")) {
            if (exchange.getRequestMethod().equals("POST")) {
                status = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            }
            answer(exchange, 200, "application/json", status);
            return;
        }
        String page = PAGES.get(path);
        if (page == null) {
            answer(exchange, 404, "text/plain", "not found");
        } else {
            answer(exchange, 200, "text/html; charset=utf-8", page);
        }
    }

    private static void answer(HttpExchange exchange, int code, String type, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(code, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
