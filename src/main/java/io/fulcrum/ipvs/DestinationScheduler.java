package io.fulcrum.ipvs;

import java.util.List;
import java.util.Optional;

/**
 * The port through which a service schedules new connections; implemented by the schedulers of
 * {@code io.fulcrum.ipvs.sched} and bound by the composition root. Picks run concurrently on data plane threads;
 * {@link #destinationsChanged} runs on the table's owner thread before a new view is published.
 */
public interface DestinationScheduler {

    /** The scheduler's name as ipvsadm shows it. */
    String name();

    /**
     * A destination for a new connection among {@code destinations} (in the service's list order, newest first
     * as in the kernel), or empty when none is available.
     */
    Optional<Destination> pick(List<Destination> destinations, ScheduleInput input);

    /** The kernel's add_dest/del_dest/upd_dest hooks: rebuild any state for the new destination list. */
    default void destinationsChanged(List<Destination> destinations) {
    }
}
