package io.fulcrum.lab;

import io.fulcrum.common.IpAddress;
import java.util.Objects;

/** An address and TCP port: a real server, a sorry server, a virtual service. */
public record LabEndpoint(IpAddress address, int port) {

    public LabEndpoint {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range 0..65535");
        }
    }

    @Override
    public String toString() {
        return address + ":" + port;
    }
}
