package io.fulcrum.config.model;

import io.fulcrum.common.IpAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The status page (Fulcrum extensions of global_defs): where it listens and the bearer token it asks for. The
 * page is off unless {@code web_listen} (or {@code fulcrum run --web}) is given.
 *
 * @param listen {@code web_listen IP PORT}
 * @param token  {@code web_token STRING}
 */
public record WebSettings(Optional<Listen> listen, Optional<String> token) {

    public WebSettings {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(token, "token");
        if (token.isPresent() && !printable(token.get())) {
            throw new IllegalArgumentException("web_token must be printable ASCII without spaces");
        }
    }

    public static WebSettings none() {
        return new WebSettings(Optional.empty(), Optional.empty());
    }

    /** Whether {@code token} can be a bearer token: non-empty printable ASCII without spaces. */
    public static boolean printable(String token) {
        return !token.isEmpty() && token.chars().allMatch(c -> c > 32 && c < 127);
    }

    /** An address and TCP port. */
    public record Listen(IpAddress address, int port) {
        public Listen {
            Objects.requireNonNull(address, "address");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("web_listen port out of range 1..65535: " + port);
            }
        }
    }
}
