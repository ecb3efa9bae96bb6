package io.fulcrum.web;

import java.util.List;
import java.util.Objects;

/**
 * The JSON of {@code /api/v1/status} and of each {@code status} event of the stream.
 *
 * @param generatedAt    when the daemon's state was read, wall clock ISO-8601
 * @param sequence       counts the states published since the web server started
 * @param summary        the page's top line
 * @param vrrpRunning    whether VRRP runs in this daemon
 * @param vrrp           the VRRP instances
 * @param virtualServers the virtual services with their real servers
 * @param dataplane      the data planes' counters
 * @param history        the sparklines' data
 */
public record StatusDocument(String generatedAt, long sequence, String summary, boolean vrrpRunning,
                             List<VrrpView> vrrp, List<VirtualServerView> virtualServers, DataplaneView dataplane,
                             HistoryView history) {

    public StatusDocument {
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(summary, "summary");
        vrrp = List.copyOf(vrrp);
        virtualServers = List.copyOf(virtualServers);
        Objects.requireNonNull(dataplane, "dataplane");
        Objects.requireNonNull(history, "history");
    }
}
