package io.fulcrum.config;

import io.fulcrum.config.model.RegexOption;
import io.fulcrum.config.model.StatusRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** One {@code url} block of HTTP_GET/SSL_GET as read. */
final class UrlBuilder {
    final boolean ssl;
    Optional<String> path = Optional.empty();
    Optional<String> digest = Optional.empty();
    final List<StatusRange> statusCodes = new ArrayList<>();
    Optional<String> virtualhost = Optional.empty();
    Optional<String> regex = Optional.empty();
    /** The regex statement, to report a bad expression where it is. */
    Optional<Args> regexAt = Optional.empty();
    final List<RegexOption> regexOptions = new ArrayList<>();
    boolean regexNoMatch;
    OptionalLong regexMinOffset = OptionalLong.empty();
    OptionalLong regexMaxOffset = OptionalLong.empty();
    OptionalLong regexStackStart = OptionalLong.empty();
    OptionalLong regexStackMax = OptionalLong.empty();
    boolean tlsCompliant;

    UrlBuilder(boolean ssl) {
        this.ssl = ssl;
    }

    boolean hasRegexParameters() {
        return !regexOptions.isEmpty() || regexNoMatch || regexMinOffset.isPresent() || regexMaxOffset.isPresent()
                || regexStackStart.isPresent();
    }
}
