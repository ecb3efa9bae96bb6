package io.fulcrum.ipvs;

import java.util.List;

/** One service in a listing, destinations sorted by address then port. */
public record ServiceSnapshot(ServiceKey key, ServiceSettings settings, StatsSnapshot stats, RateSnapshot rate,
                              List<DestinationSnapshot> destinations) {
    public ServiceSnapshot {
        destinations = List.copyOf(destinations);
    }
}
