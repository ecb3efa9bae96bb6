package io.fulcrum.check;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.Connection;
import io.fulcrum.config.model.HttpGet;
import io.fulcrum.config.model.HttpSpec;
import io.fulcrum.config.model.SslGet;
import io.fulcrum.config.model.SslSpec;
import io.fulcrum.config.model.UrlSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * {@code HTTP_GET} and {@code SSL_GET} (keepalived's check_http.c and check_ssl.c): one probe GETs every url in
 * turn, each on a new connection, and passes when every response has an accepted status code (200-299 unless the
 * url lists others), the url's MD5 {@code digest} of the body and its {@code regex} (or, with regex_no_match, not).
 * keepalived checks one url per delay_loop; a probe here checks them all, so {@link #timeout()} is connect_timeout
 * per url.
 *
 * <p>Request: keepalived's bytes ({@link HttpRequests}): {@code User-Agent: KeepAliveClient}, {@code Connection:
 * close} with http_protocol 1.0C and 1.1, and a Host header from the virtualhost by keepalived's precedence (url,
 * checker, real server, virtual server), else the connect address with its port. Response: chunked bodies (HTTP/1.1)
 * are decoded; Content-Length is honoured; bodies over {@link #MAX_BODY} bytes fail the url.
 *
 * <p>TLS (SSL_GET): the context of the {@code SSL} block ({@link TlsContexts}: without a ca the server is not
 * verified, as in keepalived; with one its chain must lead to the ca). SNI is sent when enable_sni is set or
 * sni_name given: sni_name, else the url's virtualhost by the Host precedence above (keepalived skips the real
 * server's; an IP address or a port is never sent as a name). tls_compliant sends close_notify before closing.
 *
 * <p>bindto/bind_port are honoured; bind_if and fwmark are ignored and reported once by {@link #warnings()}. The
 * lines are keepalived 2.x's, e.g. {@code Remote Web server [10.0.0.11]:tcp:80 succeed on service.}, {@code HTTP
 * status code error to [10.0.0.11]:tcp:80 url(/), status_code [404].}, {@code Timeout connecting server
 * [10.0.0.11]:tcp:80.}
 */
public final class HttpChecker implements Checker {

    /** The largest body a url may answer with. */
    public static final int MAX_BODY = 8 * 1024 * 1024;

    private final String kind;
    private final HttpSpec http;
    private final CheckTarget target;
    private final Endpoint endpoint;
    private final List<UrlCheck> urls;
    private final boolean ssl;
    private final boolean sni;
    private final Optional<String> sniName;
    private final boolean tlsCompliant;
    private final Optional<SSLContext> context;
    private final Optional<String> contextError;
    private final List<String> warnings;

    /** An HTTP_GET checker. */
    public HttpChecker(HttpGet spec, CheckTarget target) {
        this("HTTP_GET", spec.http(), target, 80, spec.options().connection().orElseThrow(), false, false,
                Optional.empty(), false, Optional.empty());
    }

    /** An SSL_GET checker with the top-level SSL block, when there is one. */
    public HttpChecker(SslGet spec, CheckTarget target, Optional<SslSpec> ssl) {
        this("SSL_GET", spec.http(), target, 443, spec.options().connection().orElseThrow(), true,
                spec.enableSni() || spec.sniName().isPresent(), spec.sniName(), spec.tlsCompliant(),
                Objects.requireNonNull(ssl, "ssl"));
    }

    private HttpChecker(String kind, HttpSpec http, CheckTarget target, int defaultPort,
            Connection connection, boolean ssl, boolean sni, Optional<String> sniName,
            boolean tlsCompliant, Optional<SslSpec> sslSpec) {
        this.kind = kind;
        this.http = Objects.requireNonNull(http, "http");
        this.target = Objects.requireNonNull(target, "target");
        int rsPort = target.realServer().port();
        this.endpoint = Endpoint.of(connection, rsPort > 0 ? rsPort : defaultPort);
        this.urls = http.urls().stream().map(UrlCheck::new).toList();
        this.ssl = ssl;
        this.sni = sni;
        this.sniName = sniName;
        this.tlsCompliant = tlsCompliant || http.urls().stream().anyMatch(UrlSpec::tlsCompliant);
        List<String> w = new ArrayList<>(endpoint.warnings(kind, target.rsName()));
        Optional<SSLContext> ctx = Optional.empty();
        Optional<String> error = Optional.empty();
        if (ssl) {
            try {
                ctx = Optional.of(TlsContexts.client(sslSpec));
            } catch (IOException e) {
                error = Optional.of(e.getMessage());
                w.add(kind + " for " + target.rsName() + ": cannot set up TLS: " + e.getMessage());
            }
        }
        this.context = ctx;
        this.contextError = error;
        this.warnings = List.copyOf(w);
    }

    /** The configured options this checker cannot honour (bind_if, fwmark, a broken SSL block), logged once. */
    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public ProbeResult probe() throws InterruptedException {
        Interrupts.check();
        String server = target.rsName();
        if (contextError.isPresent()) {
            return new ProbeResult.Failure("SSL handshake/communication error connecting to server " + server
                    + " (" + contextError.get() + ").");
        }
        for (UrlCheck u : urls) {
            Optional<String> vhost = HttpRequests.virtualhost(u.url(), http, target);
            String request = HttpRequests.get(u.url().path(), http.protocol(), vhost, endpoint.address(),
                    endpoint.port());
            HttpResponse response;
            try {
                response = new HttpExchange(endpoint, tls(vhost)).get(request, MAX_BODY);
            } catch (HttpExchange.ExchangeException e) {
                return new ProbeResult.Failure(line(e.step(), server, u.url().path()));
            }
            Optional<String> failure = u.failure(response, server);
            if (failure.isPresent()) {
                return new ProbeResult.Failure(failure.get());
            }
        }
        return ProbeResult.Success.plain();
    }

    private Optional<HttpExchange.Tls> tls(Optional<String> vhost) {
        if (!ssl) {
            return Optional.empty();
        }
        Optional<String> name = sni ? sniName.or(() -> vhost).flatMap(HttpChecker::serverName) : Optional.empty();
        return Optional.of(new HttpExchange.Tls(context.orElseThrow(), name, tlsCompliant));
    }

    /** A virtualhost as an SNI host name: without a port; none for an IP address (RFC 6066). */
    static Optional<String> serverName(String vhost) {
        String host = vhost;
        if (host.startsWith("[")) {
            return Optional.empty();
        }
        int colon = host.indexOf(':');
        if (colon >= 0 && host.indexOf(':', colon + 1) < 0) {
            host = host.substring(0, colon);
        }
        if (host.isEmpty() || IpAddress.tryParse(host).isPresent() || host.endsWith(".")) {
            return Optional.empty();
        }
        return Optional.of(host);
    }

    private String line(HttpExchange.Step step, String server, String path) {
        return switch (step) {
            case CONNECT_TIMEOUT -> "Timeout connecting server " + server + ".";
            case CONNECT_ERROR -> "Error connecting server " + server + ".";
            case HANDSHAKE -> "SSL handshake/communication error connecting to server " + server + ".";
            case SEND -> "Cannot send get request to server " + server + ".";
            case READ_TIMEOUT -> (ssl ? "Timeout SSL read server " : "Timeout HTTP read server ") + server + ".";
            case READ_ERROR -> (ssl ? "SSL read error from server " : "Read error with server ") + server + ".";
            case NO_DATA -> "Read, no data received from server " + server + ".";
            case TOO_LARGE -> "HTTP response from server " + server + " url(" + path + ") is larger than "
                    + MAX_BODY + " bytes.";
        };
    }

    /** connect_timeout for each url: every url is fetched on its own connection. */
    @Override
    public Duration timeout() {
        return endpoint.timeout().multipliedBy(urls.size());
    }

    @Override
    public String upLine() {
        return "Remote Web server " + target.rsName() + " succeed on service.";
    }

    @Override
    public String downLine(long retries, ProbeResult.Failure last) {
        return retries > 0 ? "HTTP_CHECK on service " + target.rsName() + " failed after " + retries + " retries."
                : "HTTP_CHECK on service " + target.rsName() + " failed.";
    }
}
