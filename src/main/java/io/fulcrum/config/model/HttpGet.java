package io.fulcrum.config.model;

import java.util.Objects;

/** {@code HTTP_GET}: every url answers with an accepted status (and digest and regex, when given). */
public record HttpGet(CheckerOptions options, HttpSpec http) implements CheckerSpec {

    public HttpGet {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(http, "http");
        if (options.connection().isEmpty()) {
            throw new IllegalArgumentException("HTTP_GET needs a connection");
        }
        if (http.urls().stream().anyMatch(UrlSpec::tlsCompliant)) {
            throw new IllegalArgumentException("tls_compliant only applies to SSL_GET");
        }
    }

    @Override
    public String keyword() {
        return "HTTP_GET";
    }
}
