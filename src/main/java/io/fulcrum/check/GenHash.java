package io.fulcrum.check;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.HttpProtocol;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * keepalived's genhash: fetch one url once, over HTTP or HTTPS, with the request the HTTP_GET/SSL_GET checker
 * sends, and give back the status, the head and the MD5 of the body, the value for a url's {@code digest}. As in
 * genhash, an HTTPS server's certificate is not verified; SNI carries the virtual host when asked.
 */
public final class GenHash {

    private GenHash() {
    }

    /**
     * What to fetch.
     *
     * @param address     the server address
     * @param port        its port
     * @param path        the url path
     * @param tls         HTTPS
     * @param virtualhost the Host header; without it the address and port
     * @param sni         send the virtual host as SNI (with tls and a virtualhost)
     * @param protocol    http_protocol
     * @param timeout     for the connect and for every read and write
     */
    public record Request(IpAddress address, int port, String path, boolean tls, Optional<String> virtualhost,
            boolean sni, HttpProtocol protocol, Duration timeout) {
        public Request {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(virtualhost, "virtualhost");
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(timeout, "timeout");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " out of range 1..65535");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
        }
    }

    /**
     * What came back.
     *
     * @param request the request sent
     * @param status  the status code (0 when the status line has none)
     * @param head    the status line and headers as received
     * @param body    the body (chunked coding removed)
     * @param md5     MD5 of the body, 32 lower-case hex digits
     */
    public record Result(String request, int status, byte[] head, byte[] body, String md5) {
        public Result {
            Objects.requireNonNull(request, "request");
            head = head.clone();
            body = body.clone();
            Objects.requireNonNull(md5, "md5");
        }

        @Override
        public byte[] head() {
            return head.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Result r && request.equals(r.request) && status == r.status
                    && Arrays.equals(head, r.head) && Arrays.equals(body, r.body) && md5.equals(r.md5);
        }

        @Override
        public int hashCode() {
            return Objects.hash(request, status, Arrays.hashCode(head), Arrays.hashCode(body), md5);
        }

        @Override
        public String toString() {
            return "Result[status=" + status + ", head=" + head.length + " bytes, body=" + body.length
                    + " bytes, md5=" + md5 + "]";
        }
    }

    /** Fetches once; an IOException's message says what went wrong (refused, timed out, TLS, no data). */
    public static Result fetch(Request r) throws IOException, InterruptedException {
        Endpoint endpoint = new Endpoint(r.address(), r.port(), Optional.empty(), 0, Optional.empty(), -1,
                r.timeout());
        Optional<HttpExchange.Tls> tls = Optional.empty();
        if (r.tls()) {
            Optional<String> sni = r.sni() ? r.virtualhost().flatMap(HttpChecker::serverName) : Optional.empty();
            tls = Optional.of(new HttpExchange.Tls(TlsContexts.trustingAll(), sni, true));
        }
        String request = HttpRequests.get(r.path(), r.protocol(), r.virtualhost(), r.address(), r.port());
        try {
            HttpResponse resp = new HttpExchange(endpoint, tls).get(request, HttpChecker.MAX_BODY);
            return new Result(request, resp.status(), resp.head(), resp.body(), resp.md5Hex());
        } catch (HttpExchange.ExchangeException e) {
            throw new IOException(describe(e, r), e);
        }
    }

    /** MD5 of {@code data}, 32 lower-case hex digits. */
    public static String md5Hex(byte[] data) {
        return HttpResponse.md5Hex(data);
    }

    private static String describe(HttpExchange.ExchangeException e, Request r) {
        long s = r.timeout().toSeconds();
        String after = s > 0 ? s + " s" : r.timeout().toMillis() + " ms";
        return switch (e.step()) {
            case CONNECT_TIMEOUT -> "connection timed out after " + after;
            case CONNECT_ERROR -> e.getMessage();
            case HANDSHAKE -> "TLS handshake failed: " + e.getMessage();
            case SEND -> "cannot send the request: " + e.getMessage();
            case READ_TIMEOUT -> "no answer within " + after;
            case READ_ERROR -> "read error: " + e.getMessage();
            case NO_DATA -> "no data received from remote webserver";
            case TOO_LARGE -> "response larger than " + HttpChecker.MAX_BODY + " bytes";
        };
    }
}
