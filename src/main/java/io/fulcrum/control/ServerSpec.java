package io.fulcrum.control;

import io.fulcrum.common.IpAddress;
import io.fulcrum.control.IpvsSnapshot.Forwarding;
import io.fulcrum.control.IpvsSnapshot.Tunnel;
import java.util.Objects;
import java.util.Optional;

/**
 * A real server as ipvsadm {@code -a}/{@code -e} gives it: forwarding (ipvsadm's default is ROUTE, {@code -g}),
 * weight (default 1), thresholds (0 = unset), and the tunnel encapsulation of a TUNNEL server.
 */
public record ServerSpec(IpAddress address, int port, Forwarding forwarding, int weight, long upperThreshold,
                         long lowerThreshold, Optional<Tunnel> tunnel) {
    public ServerSpec {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(forwarding, "forwarding");
        Objects.requireNonNull(tunnel, "tunnel");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range 0..65535: " + port);
        }
    }
}
