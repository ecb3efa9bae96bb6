package io.fulcrum.system;

import io.fulcrum.system.webdriver.WebDriverException;
import io.fulcrum.system.webdriver.WebDriverSession;
import io.fulcrum.system.webdriver.WebElement;
import java.util.List;

/**
 * Fulcrum's status page as a browser sees it, read through the page's DOM contract: {@code <body data-connected
 * data-updates>}, {@code [data-vrrp-instance=NAME]} with {@code [data-field=state]} and {@code [data-field=priority]},
 * {@code [data-virtual-server="TCP VIP:PORT"]} holding {@code [data-real-server="IP:PORT"]} with
 * {@code [data-field=health]} and {@code [data-field=weight]}. An element the page replaced while it was being
 * read is found again; a missing one is an AssertionError, so that an await retries it.
 */
final class StatusPage {

    static final String MARKER = "__fulcrumStatusPageTest";

    private final WebDriverSession session;

    StatusPage(WebDriverSession session) {
        this.session = session;
    }

    boolean connected() {
        return bodyAttribute("data-connected").equals("true");
    }

    /** How many status updates the page has applied. */
    long updates() {
        String n = bodyAttribute("data-updates");
        if (!n.matches("\\d+")) {
            throw new AssertionError("body data-updates is not a count: '" + n + "'");
        }
        return Long.parseLong(n);
    }

    String vrrpState(String instance) {
        return text(vrrp(instance) + " [data-field=\"state\"]");
    }

    String vrrpPriority(String instance) {
        return text(vrrp(instance) + " [data-field=\"priority\"]");
    }

    String health(String virtualServer, String realServer) {
        return text(real(virtualServer, realServer) + " [data-field=\"health\"]");
    }

    String weight(String virtualServer, String realServer) {
        return text(real(virtualServer, realServer) + " [data-field=\"weight\"]");
    }

    /** Sets a window variable: it survives as long as the document does (no reload, no navigation). */
    void mark(String value) {
        session.execute("window." + MARKER + " = arguments[0];", value);
    }

    /** The window variable {@link #mark} set, or "" when the document is a new one. */
    String marker() {
        return session.execute("return window." + MARKER + " || '';").asText();
    }

    private static String vrrp(String instance) {
        return "[data-vrrp-instance=\"" + instance + "\"]";
    }

    private static String real(String virtualServer, String realServer) {
        return "[data-virtual-server=\"" + virtualServer + "\"] [data-real-server=\"" + realServer + "\"]";
    }

    private String bodyAttribute(String name) {
        return read("body", e -> session.attribute(e, name)
                .orElseThrow(() -> new AssertionError("body has no " + name + " attribute")));
    }

    private String text(String css) {
        return read(css, e -> session.text(e).strip());
    }

    /**
     * Finds the one element matching {@code css} and reads it; when the page replaces the element between the find
     * and the read (it re-renders on every update), finds it again, up to five times.
     */
    private String read(String css, java.util.function.Function<WebElement, String> reader) {
        WebDriverException stale = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            List<WebElement> found = session.findAll(css);
            if (found.size() != 1) {
                throw new AssertionError("expected one element " + css + " on the status page, found " + found.size());
            }
            try {
                return reader.apply(found.getFirst());
            } catch (WebDriverException e) {
                if (!e.error().equals("stale element reference")) {
                    throw e;
                }
                stale = e;
            }
        }
        throw new AssertionError("the page replaced " + css + " each time it was read", stale);
    }
}
