package io.fulcrum.web;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One virtual service of the table with its real servers.
 *
 * @param name         as ipvsadm prints it, one space: {@code TCP 10.0.0.100:80}, {@code UDP [2001:db8::1]:53},
 *                     {@code FWM 1}
 * @param scheduler    its scheduler (rr, wlc, ...)
 * @param quorumUp     whether it has quorum (true when no configuration speaks for it)
 * @param sorryServer  its sorry server (address:port), when configured
 * @param sorryActive  whether the sorry server has taken over
 * @param traffic      its counters and rates
 * @param realServers  its real servers, as listed by the table, then those the health state keeps out of it
 */
public record VirtualServerView(String name, String scheduler, boolean quorumUp, Optional<String> sorryServer,
                                boolean sorryActive, TrafficView traffic, List<RealServerView> realServers) {

    public VirtualServerView {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(sorryServer, "sorryServer");
        Objects.requireNonNull(traffic, "traffic");
        realServers = List.copyOf(realServers);
    }

    /** Real servers whose health is UP. */
    public long upCount() {
        return realServers.stream().filter(RealServerView::up).count();
    }
}
