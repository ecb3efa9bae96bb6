package io.fulcrum.config.model;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code url} of an HTTP_GET/SSL_GET checker; the check passes when every url passes.
 *
 * @param path         the request path
 * @param digest       MD5 of the body, 32 lower-case hex digits (from genhash)
 * @param statusCodes  accepted status codes, sorted and merged [200-299]
 * @param virtualhost  Host: for this url [the checker's, real server's, virtual server's, else the address]
 * @param regex        body match
 * @param tlsCompliant SSL_GET: send close_notify before closing (newer keepalived; 2.2.7 does not know it)
 */
public record UrlSpec(String path, Optional<String> digest, List<StatusRange> statusCodes,
        Optional<String> virtualhost, Optional<RegexSpec> regex, boolean tlsCompliant) {

    public UrlSpec {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(virtualhost, "virtualhost");
        Objects.requireNonNull(regex, "regex");
        statusCodes = StatusRange.normalize(statusCodes);
        if (path.isEmpty()) {
            throw new IllegalArgumentException("HTTP/SSL_GET checker url has no path");
        }
        if (statusCodes.isEmpty()) {
            throw new IllegalArgumentException("a url needs status codes");
        }
        if (digest.isPresent() && !digest.get().equals(digest.get().toLowerCase(Locale.ROOT))
                || digest.isPresent() && !digest.get().matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("digest must be 32 lower-case hex digits");
        }
    }

    public boolean accepts(int status) {
        return statusCodes.stream().anyMatch(r -> r.contains(status));
    }
}
