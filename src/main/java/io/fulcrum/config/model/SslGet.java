package io.fulcrum.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code SSL_GET}: HTTP_GET over TLS, with the client context of the top-level {@code SSL} block.
 *
 * @param enableSni    send SNI: sniName, else the url's/checker's virtualhost
 * @param sniName      SNI to send (newer keepalived; 2.2.7 does not know it)
 * @param tlsCompliant send close_notify before closing (newer keepalived; 2.2.7 does not know it)
 */
public record SslGet(CheckerOptions options, HttpSpec http, boolean enableSni, Optional<String> sniName,
        boolean tlsCompliant) implements CheckerSpec {

    public SslGet {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(sniName, "sniName");
        if (options.connection().isEmpty()) {
            throw new IllegalArgumentException("SSL_GET needs a connection");
        }
        if (sniName.isPresent() && sniName.get().isEmpty()) {
            throw new IllegalArgumentException("empty sni_name");
        }
    }

    @Override
    public String keyword() {
        return "SSL_GET";
    }
}
