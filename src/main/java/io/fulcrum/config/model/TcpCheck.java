package io.fulcrum.config.model;

import java.util.Objects;

/** {@code TCP_CHECK}: up when a TCP connection completes within the connect timeout. */
public record TcpCheck(CheckerOptions options) implements CheckerSpec {

    public TcpCheck {
        Objects.requireNonNull(options, "options");
        if (options.connection().isEmpty()) {
            throw new IllegalArgumentException("TCP_CHECK needs a connection");
        }
    }

    @Override
    public String keyword() {
        return "TCP_CHECK";
    }
}
