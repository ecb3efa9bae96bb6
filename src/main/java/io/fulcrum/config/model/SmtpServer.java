package io.fulcrum.config.model;

import java.util.Objects;

/**
 * The {@code smtp_server} alerts are sent through.
 *
 * @param host an IP address or a host name (resolved when an alert is sent)
 * @param port TCP port [25]
 */
public record SmtpServer(String host, int port) {

    public SmtpServer {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("smtp_server host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("smtp_server port " + port + " out of range 1..65535");
        }
    }
}
