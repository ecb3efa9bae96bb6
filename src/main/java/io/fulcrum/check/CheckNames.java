package io.fulcrum.check;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.Protocol;
import java.util.Optional;

/** keepalived's textual forms of checked services. */
public final class CheckNames {

    private CheckNames() {
    }

    /** keepalived's "trio" {@code [10.0.0.11]:tcp:80} ({@code none} for a service without protocol). */
    public static String trio(IpAddress address, Optional<Protocol> protocol, int port) {
        return "[" + address + "]:" + protocol.map(Protocol::lowerName).orElse("none") + ":" + port;
    }
}
