package io.fulcrum.config.model;

import java.util.Objects;

/** {@code PING_CHECK}: up when an ICMP/ICMPv6 echo is answered within the connect timeout. */
public record PingCheck(CheckerOptions options) implements CheckerSpec {

    public PingCheck {
        Objects.requireNonNull(options, "options");
        if (options.connection().isEmpty()) {
            throw new IllegalArgumentException("PING_CHECK needs a connection");
        }
    }

    @Override
    public String keyword() {
        return "PING_CHECK";
    }
}
