package io.fulcrum.web;

import java.util.ArrayList;
import java.util.List;

/** The line at the top of the page: "MASTER for VI_1 · 2/3 real servers up". */
final class Summary {

    private Summary() {
    }

    static String of(StatusView v) {
        List<String> parts = new ArrayList<>();
        if (!v.vrrpRunning()) {
            parts.add("VRRP not running");
        }
        for (VrrpView i : v.vrrp()) {
            parts.add(i.state() + " for " + i.name());
        }
        long servers = v.virtualServers().stream().mapToLong(s -> s.realServers().size()).sum();
        long up = v.virtualServers().stream().mapToLong(VirtualServerView::upCount).sum();
        if (v.virtualServers().isEmpty()) {
            parts.add("no virtual server");
        } else {
            parts.add(up + "/" + servers + " real servers up");
        }
        long noQuorum = v.virtualServers().stream().filter(s -> !s.quorumUp()).count();
        if (noQuorum > 0) {
            parts.add(noQuorum + " virtual server" + (noQuorum == 1 ? "" : "s") + " without quorum");
        }
        return String.join(" \u00b7 ", parts);
    }
}
