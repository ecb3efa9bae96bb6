package io.fulcrum.dataplane.packet;

import java.util.List;

/**
 * An interface the engine serves: its index and name, its MAC, its MTU, and its first IPv4 address (the outer
 * source of IPIP packets sent through it; 0 when it has none).
 */
public record LinkInfo(int ifindex, String name, long mac, int mtu, int ipv4Address) {

    /** The link of that index in {@code links}, or null. */
    public static LinkInfo of(List<LinkInfo> links, int ifindex) {
        for (int i = 0; i < links.size(); i++) { // no iterator: the engine calls this per packet
            LinkInfo l = links.get(i);
            if (l.ifindex() == ifindex) {
                return l;
            }
        }
        return null;
    }
}
