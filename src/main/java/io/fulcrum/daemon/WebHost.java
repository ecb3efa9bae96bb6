package io.fulcrum.daemon;

import io.fulcrum.cli.RunSettings;
import io.fulcrum.config.model.WebSettings;
import io.fulcrum.dataplane.proxy.ProxyStats;
import io.fulcrum.ipvs.ServiceTable;
import io.fulcrum.web.StatusView;
import io.fulcrum.web.VrrpView;
import io.fulcrum.web.WebOptions;
import io.fulcrum.web.WebServer;
import io.fulcrum.web.WebStartException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The status page in the running daemon: where it listens ({@code --web} over {@code web_listen}, the token of
 * {@code --web-token-file} over {@code web_token}), and the snapshot it serves, read on the control loop's thread
 * when the page asks for it (once a second), so neither the loop nor VRRP ever waits for a web client.
 */
final class WebHost implements AutoCloseable {

    private final WebServer server;

    private WebHost(WebServer server) {
        this.server = server;
    }

    /** Where the page listens and its token, the command line winning over the configuration; empty: off. */
    static Optional<WebOptions> options(RunSettings settings, Consumer<String> log) {
        WebSettings configured = settings.config().globalDefs().web();
        Optional<String> token = settings.web().token().or(configured::token);
        Optional<WebOptions> options = settings.web().listen()
                .map(l -> new WebOptions(l.address(), l.port(), token))
                .or(() -> configured.listen().map(l -> new WebOptions(l.address(), l.port(), token)));
        if (options.isEmpty() && token.isPresent()) {
            log.accept("Status page: a token is set but no address (--web or web_listen): the page is off");
        }
        return options;
    }

    /**
     * Starts the page when {@code settings} ask for it.
     *
     * @param snapshot reads the daemon's state; run on the control loop's thread
     * @throws DaemonStartException naming the address when it cannot be bound
     */
    static Optional<WebHost> start(RunSettings settings, ControlLoop loop, Supplier<StatusView> snapshot,
            Consumer<String> log) throws DaemonStartException {
        Optional<WebOptions> options = options(settings, log);
        if (options.isEmpty()) {
            return Optional.empty();
        }
        WebOptions o = options.get();
        try {
            WebServer server = WebServer.start(o, publish -> loop.post("the status page's snapshot",
                    () -> publish.accept(snapshot.get())), System::nanoTime, Instant::now, log);
            log.accept("Status page on http://" + o.endpoint() + "/ (JSON /api/v1/status, Prometheus /metrics"
                    + (o.token().isPresent() ? "; bearer token required" : "")
                    + (o.address().isLoopback() || o.token().isPresent() ? "" : "; WARNING: no token on a"
                    + " non-loopback address, anyone who reaches it can read the cluster's state") + ")");
            return Optional.of(new WebHost(server));
        } catch (WebStartException e) {
            throw new DaemonStartException(e.getMessage());
        }
    }

    /** The state of the daemon's parts, read on the control loop's thread ({@code mapping}: the running configuration's). */
    static Supplier<StatusView> snapshot(ServiceTable table, Supplier<WebStatusMapping> mapping,
            Optional<VrrpService> vrrp,
            ForwardingSync forwarding, LongSupplier nanos, Supplier<Instant> wall) {
        return () -> {
            List<VrrpView> instances = vrrp.map(v -> WebVrrpMapping.of(v.settings(), v.statuses(),
                    nanos.getAsLong(), wall.get())).orElse(List.of());
            return new StatusView(vrrp.isPresent(), instances, mapping.get().virtualServers(table.snapshot()),
                    WebStatusMapping.dataplane(forwarding.packetStatus(),
                            forwarding.proxyStats().map(WebHost::proxyErrors).orElse(Map.of())));
        };
    }

    private static Map<String, Long> proxyErrors(ProxyStats s) {
        return Map.of("connect_failure", s.connectFailures(), "connect_timeout", s.connectTimeouts(),
                "refused", s.refused(), "accept_error", s.acceptErrors());
    }

    @Override
    public void close() {
        server.close();
    }
}
