package io.fulcrum.ipvs;

import java.util.List;
import java.util.Optional;

/** Creates a scheduler by name for a service (the kernel's scheduler module lookup); empty when unknown. */
@FunctionalInterface
public interface SchedulerProvider {
    Optional<DestinationScheduler> create(String name, SchedFlags flags, List<Destination> destinations);
}
