package io.fulcrum.ipvs;

import io.fulcrum.common.IpAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One virtual service. Mutated only by the table's owner thread; every change publishes a new immutable
 * {@link SchedulingView} through a volatile reference that data planes read without locking.
 */
public final class VirtualService {

    private static final Comparator<Destination> LISTING =
            Comparator.comparing(Destination::address).thenComparingInt(Destination::port);

    private final ServiceKey key;
    private final Stats stats = new Stats();
    private final List<Destination> destinations = new ArrayList<>(); // kernel order: newest first
    private ServiceSettings settings;
    private DestinationScheduler scheduler;
    private volatile SchedulingView view;

    VirtualService(ServiceKey key, ServiceSettings settings, DestinationScheduler scheduler) {
        this.key = key;
        this.settings = settings;
        this.scheduler = scheduler;
        publish();
    }

    public ServiceKey key() {
        return key;
    }

    /** The current scheduling view (a volatile read). */
    public SchedulingView view() {
        return view;
    }

    public Stats stats() {
        return stats;
    }

    ServiceSettings settings() {
        return settings;
    }

    List<Destination> destinations() {
        return destinations;
    }

    void edit(ServiceSettings s, DestinationScheduler newScheduler) {
        this.settings = s;
        if (newScheduler != null) {
            this.scheduler = newScheduler;
        }
        publish();
    }

    Optional<Destination> find(IpAddress address, int port) {
        for (Destination d : destinations) {
            if (d.port() == port && d.address().equals(address)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    void add(Destination d) {
        destinations.addFirst(d);
        publish();
    }

    void remove(Destination d) {
        destinations.remove(d);
        d.markRemoved();
        publish();
    }

    void changed() {
        publish();
    }

    private void publish() {
        List<Destination> copy = List.copyOf(destinations);
        scheduler.destinationsChanged(copy);
        view = new SchedulingView(key, settings, copy, scheduler, stats);
    }

    ServiceSnapshot snapshot() {
        List<DestinationSnapshot> ds = destinations.stream().sorted(LISTING).map(DestinationSnapshot::of).toList();
        return new ServiceSnapshot(key, settings, stats.snapshot(), stats.rate(), ds);
    }

    void zero() {
        stats.zero();
        for (Destination d : destinations) {
            d.stats().zero();
        }
    }

    void estimate() {
        stats.estimate();
        for (Destination d : destinations) {
            d.stats().estimate();
        }
    }
}
