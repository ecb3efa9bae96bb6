package io.fulcrum.lab;

import io.fulcrum.common.IpAddress;
import java.util.List;

/**
 * The seeds' real server preparation done by hand, until {@code fulcrum realserver start} is available to the lab
 * ({@link CommandRealServerSetup}): {@code ip addr add VIP/32 dev lo}, and arp_ignore=1 / arp_announce=2 on
 * {@code lo} and {@code all}, so that the real server accepts packets for the VIP but never answers ARP for it.
 * It cannot decapsulate: {@code lab up} says so for a TUN real server (the proxy data plane needs no decapsulation).
 */
public final class FallbackRealServerSetup implements RealServerSetup {

    @Override
    public void prepare(String ns, List<IpAddress> vips, boolean decap) throws LabException {
        for (String dev : List.of("lo", "all")) {
            LabShell.sysctl(ns, "net.ipv4.conf." + dev + ".arp_ignore", "1");
            LabShell.sysctl(ns, "net.ipv4.conf." + dev + ".arp_announce", "2");
        }
        for (IpAddress vip : vips) {
            LabShell.ip(ns, "addr", "add", vip + "/32", "dev", "lo");
        }
    }

    @Override
    public String describe() {
        return "the lab's own set-up: ip addr add VIP/32 dev lo, arp_ignore=1, arp_announce=2";
    }
}
