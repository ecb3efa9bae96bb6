package io.fulcrum.config;

import io.fulcrum.config.model.WebSettings;
import java.util.Optional;

/** The global_defs keywords of the status page, Fulcrum extensions: web_listen and web_token. */
final class GlobalDefsWebKeywords {

    private GlobalDefsWebKeywords() {
    }

    static void add(BlockGrammar<GlobalDefsBuilder> g) {
        g.addExtension("web_listen", "web_listen IP PORT",
                "Serve the status page, its JSON API (/api/v1/...) and Prometheus /metrics on IP:PORT (read-only;"
                    + " off unless given; fulcrum run --web overrides it). Use 127.0.0.1 unless the network"
                    + " before it is trusted, and set web_token when it is not loopback.",
                GlobalDefsWebKeywords::listen)
            .addExtension("web_token", "web_token STRING",
                "Bearer token the status page asks for (Authorization: Bearer STRING; the page and its event"
                    + " stream also take ?token=STRING) [none: no token asked]. fulcrum run --web-token-file"
                    + " overrides it.", GlobalDefsWebKeywords::token);
    }

    private static void listen(Args a, GlobalDefsBuilder b) {
        if (!a.has(0) || !a.has(1) || a.count() > 2) {
            a.error("'web_listen': expected an IP address and a port (web_listen 127.0.0.1 8089), got "
                    + a.count() + " argument(s)");
            return;
        }
        var address = a.ip(0);
        var port = a.intArg(1, 1, 65535);
        if (address.isPresent() && port.isPresent()) {
            b.webListen = Optional.of(new WebSettings.Listen(address.get(), port.getAsInt()));
        }
    }

    private static void token(Args a, GlobalDefsBuilder b) {
        if (!a.arity(1, 1)) {
            return;
        }
        String t = a.text(0);
        if (!WebSettings.printable(t)) {
            a.errorAt(a.token(0), "'web_token': expected printable ASCII without spaces");
            return;
        }
        if (t.length() < 16) {
            a.warningAt(a.token(0), "'web_token' is short (" + t.length() + " characters): use 16 or more"
                    + " random characters");
        }
        b.webToken = Optional.of(t);
    }

    static void dump(WebSettings web, DumpWriter w) {
        web.listen().ifPresent(l -> w.line("web_listen", l.address(), l.port()));
        web.token().ifPresent(t -> w.line("web_token", t));
    }
}
