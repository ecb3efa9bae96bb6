package io.fulcrum.ipvs;

import java.util.List;
import java.util.Optional;

/**
 * What a data plane needs to schedule on a service, immutable and swapped atomically on every change: the
 * settings, the destination list in kernel order (newest first), the bound scheduler and the service stats.
 */
public record SchedulingView(ServiceKey key, ServiceSettings settings, List<Destination> destinations,
                             DestinationScheduler scheduler, Stats stats) {

    public SchedulingView {
        destinations = List.copyOf(destinations);
    }

    public Optional<Destination> pick(ScheduleInput input) {
        return scheduler.pick(destinations, input);
    }

    /** The live destination with this address and port, if any (for persistence templates). */
    public Optional<Destination> find(io.fulcrum.common.IpAddress address, int port) {
        for (Destination d : destinations) {
            if (d.port() == port && d.address().equals(address)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
