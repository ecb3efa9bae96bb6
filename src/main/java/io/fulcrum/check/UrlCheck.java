package io.fulcrum.check;

import io.fulcrum.config.model.UrlSpec;
import java.util.Optional;

/**
 * What one url of HTTP_GET/SSL_GET demands of its response, in keepalived's order: the status code in the url's
 * list (200-299 by default), then the MD5 digest of the body, then the regex (or, with regex_no_match, its
 * absence). The first unmet demand is the failure, with keepalived's words.
 */
final class UrlCheck {

    private final UrlSpec url;
    private final Optional<BodyRegex> regex;
    private final boolean noMatch;

    UrlCheck(UrlSpec url) {
        this.url = url;
        this.regex = url.regex().map(BodyRegex::new);
        this.noMatch = url.regex().map(r -> r.noMatch()).orElse(false);
    }

    UrlSpec url() {
        return url;
    }

    /** The failure line for {@code response} from {@code server}, or empty when the url passes. */
    Optional<String> failure(HttpResponse response, String server) throws InterruptedException {
        if (!url.accepts(response.status())) {
            return Optional.of("HTTP status code error to " + server + " url(" + url.path() + "), status_code ["
                    + response.status() + "].");
        }
        if (url.digest().isPresent()) {
            String md5 = response.md5Hex();
            if (!md5.equals(url.digest().get())) {
                return Optional.of("MD5 digest error to " + server + " url(" + url.path() + "), MD5SUM [" + md5
                        + "].");
            }
        }
        if (regex.isPresent() && regex.get().matches(response.body()) == noMatch) {
            return Optional.of("Regex match failed to " + server + " url(" + url.path() + ")"
                    + (noMatch ? ", regex_no_match" : "") + ".");
        }
        return Optional.empty();
    }
}
