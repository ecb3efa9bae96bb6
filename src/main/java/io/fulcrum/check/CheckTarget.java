package io.fulcrum.check;

import io.fulcrum.config.model.RealServer;
import io.fulcrum.config.model.VirtualServer;
import java.util.Objects;

/**
 * The real server a checker belongs to, with keepalived's names for it and its virtual server.
 *
 * @param virtualServer the virtual server as configured (its virtualhost, protocol, ...)
 * @param realServer    the real server as configured (its address and port, virtualhost, checkers, ...)
 * @param vsName        keepalived's text for the virtual server: {@code [192.168.10.100]:tcp:80}, {@code FWM 1},
 *                      {@code [group]:80}
 * @param rsName        keepalived's text for the real server: {@code [10.0.0.11]:tcp:80}
 */
public record CheckTarget(VirtualServer virtualServer, RealServer realServer, String vsName, String rsName) {

    public CheckTarget {
        Objects.requireNonNull(virtualServer, "virtualServer");
        Objects.requireNonNull(realServer, "realServer");
        Objects.requireNonNull(vsName, "vsName");
        Objects.requireNonNull(rsName, "rsName");
    }
}
