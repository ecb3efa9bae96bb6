package io.fulcrum.web;

import java.util.List;
import java.util.Objects;

/**
 * Everything the status page, the JSON API and the metrics show, as the daemon last read it.
 *
 * @param vrrpRunning    whether VRRP runs in this daemon
 * @param vrrp           its instances, in configuration order
 * @param virtualServers the virtual services of the table
 * @param dataplane      the data planes' counters
 */
public record StatusView(boolean vrrpRunning, List<VrrpView> vrrp, List<VirtualServerView> virtualServers,
                         DataplaneView dataplane) {

    public static final StatusView EMPTY = new StatusView(false, List.of(), List.of(), DataplaneView.NONE);

    public StatusView {
        vrrp = List.copyOf(vrrp);
        virtualServers = List.copyOf(virtualServers);
        Objects.requireNonNull(dataplane, "dataplane");
    }
}
