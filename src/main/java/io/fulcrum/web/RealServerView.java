package io.fulcrum.web;

import java.util.List;
import java.util.Objects;

/**
 * One real server of a virtual server.
 *
 * @param name               address:port ({@code 10.0.0.11:80}, {@code [2001:db8::11]:80})
 * @param up                 its health: true when every checker passes (or it has none and is in the table)
 * @param weight             its weight in the table (the health state's when it is out of the table)
 * @param inTable            whether the table holds it now (a failed server without inhibit_on_failure is out)
 * @param forwarding         DR, NAT, TUN or FNAT
 * @param activeConnections   active connections
 * @param inactiveConnections inactive connections
 * @param traffic            its counters and rates
 * @param checks             its health checkers
 */
public record RealServerView(String name, boolean up, int weight, boolean inTable, String forwarding,
                             int activeConnections, int inactiveConnections, TrafficView traffic,
                             List<CheckView> checks) {

    public RealServerView {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(forwarding, "forwarding");
        Objects.requireNonNull(traffic, "traffic");
        checks = List.copyOf(checks);
    }
}
