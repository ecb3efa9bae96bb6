package io.fulcrum.daemon;

import io.fulcrum.ipvs.ServiceKey;
import java.util.Objects;

/**
 * A service of the table that one virtual server puts its real servers in, with the port the virtual server
 * gives them (0 for firewall marks).
 */
record ServiceTarget(ServiceKey key, int port) {

    ServiceTarget {
        Objects.requireNonNull(key, "key");
    }
}
