package io.fulcrum.dataplane.packet;

import java.util.List;
import java.util.Objects;

/**
 * What the packet engine runs on: the interfaces it serves (virtual addresses arrive there, real servers are
 * reached there), and how many workers read each interface (PACKET_FANOUT by flow hash spreads them, so a flow
 * always meets the same worker).
 */
public record EngineConfig(List<LinkInfo> links, int workers) {

    public EngineConfig {
        links = List.copyOf(links);
        if (links.isEmpty()) {
            throw new IllegalArgumentException("the packet engine needs at least one interface");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1: " + workers);
        }
        Objects.requireNonNull(links);
    }
}
