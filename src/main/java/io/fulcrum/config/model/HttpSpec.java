package io.fulcrum.config.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What HTTP_GET and SSL_GET share.
 *
 * @param protocol     http_protocol [1.0]
 * @param fastRecovery check all urls back to back when coming up, instead of one per delay_loop
 * @param virtualhost  Host: for urls without their own
 * @param urls         at least one
 */
public record HttpSpec(HttpProtocol protocol, boolean fastRecovery, Optional<String> virtualhost,
        List<UrlSpec> urls) {

    public HttpSpec {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(virtualhost, "virtualhost");
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("HTTP/SSL_GET checker has no urls specified");
        }
    }
}
