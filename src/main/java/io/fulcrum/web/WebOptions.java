package io.fulcrum.web;

import io.fulcrum.common.IpAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the status page listens and the bearer token it asks for.
 *
 * @param address the address to bind (127.0.0.1 unless configured)
 * @param port    the TCP port; 0 takes a free one (tests)
 * @param token   the bearer token every request must carry, when set
 */
public record WebOptions(IpAddress address, int port, Optional<String> token) {

    public WebOptions {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(token, "token");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("web port out of range 0..65535: " + port);
        }
        if (token.isPresent() && (token.get().isEmpty() || !token.get().chars().allMatch(c -> c > 32 && c < 127))) {
            throw new IllegalArgumentException("the web token must be printable ASCII without spaces");
        }
    }

    /** {@code address:port} as a person writes it ({@code [::1]:8089} for IPv6). */
    public String endpoint() {
        return (address.isV6() ? "[" + address + "]" : address.toString()) + ":" + port;
    }
}
