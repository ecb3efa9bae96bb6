package io.fulcrum.dataplane.packet;

import io.fulcrum.common.IpAddress;

/** The engine asks its owner to resolve an address it has no next hop for (the daemon's resolver does it). */
@FunctionalInterface
public interface NeighbourRequests {

    NeighbourRequests NONE = address -> { };

    /** Called on a worker thread: must not block. */
    void resolve(IpAddress address);
}
