package io.fulcrum.ipvs;

import io.fulcrum.common.IpAddress;

/** One destination in a listing. */
public record DestinationSnapshot(IpAddress address, int port, DestinationSettings settings, int activeConns,
                                  int inactConns, int persistConns, boolean overloaded, StatsSnapshot stats,
                                  RateSnapshot rate) {

    static DestinationSnapshot of(Destination d) {
        return new DestinationSnapshot(d.address(), d.port(), d.settings(), d.activeConns(), d.inactConns(),
                d.persistConns(), d.overloaded(), d.stats().snapshot(), d.stats().rate());
    }
}
