package io.fulcrum.config.model;

import io.fulcrum.common.IpAddress;
import java.util.Objects;

/**
 * The server put in the table when a virtual server loses quorum (all real servers are taken out meanwhile).
 *
 * @param port       0 when the service has none (fwmark) or the port is not changed
 * @param forwarding {@code sorry_server_lvs_method} [the virtual server's lvs_method]
 * @param inhibit    {@code sorry_server_inhibit}: set to weight 0 rather than removed
 */
public record SorryServer(IpAddress address, int port, Forwarding forwarding, boolean inhibit) {

    public SorryServer {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(forwarding, "forwarding");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range 0..65535");
        }
    }
}
