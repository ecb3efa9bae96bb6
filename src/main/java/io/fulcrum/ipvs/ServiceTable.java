package io.fulcrum.ipvs;

import io.fulcrum.common.IpAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The IPVS virtual server table: services and their destinations, with ipvsadm's errors as typed results.
 * Written by one owner thread (the control loop); data planes look services up concurrently and schedule on
 * their atomically published views. Rate estimation is driven by {@link #tick(long)} with injected time.
 */
public final class ServiceTable {

    private final SchedulerProvider schedulers;
    private final Map<ServiceKey, VirtualService> services = new ConcurrentSkipListMap<>();
    private long nextEstimate = Long.MIN_VALUE;

    public ServiceTable(SchedulerProvider schedulers) {
        this.schedulers = schedulers;
    }

    // ---- services ----

    /** ipvsadm -A. */
    public TableResult addService(ServiceKey key, ServiceSettings s) {
        Optional<IpvsError> bad = validate(key, s);
        if (bad.isPresent()) {
            return TableResult.error(bad.get());
        }
        if (services.containsKey(key)) {
            return TableResult.error(IpvsError.SERVICE_EXISTS);
        }
        Optional<DestinationScheduler> sched = schedulers.create(s.scheduler(), s.flags(), List.of());
        if (sched.isEmpty()) {
            return TableResult.error(IpvsError.INVALID_SCHEDULER);
        }
        services.put(key, new VirtualService(key, s, sched.get()));
        return TableResult.OK;
    }

    /** ipvsadm -E: a new scheduler (or new flags) binds a fresh scheduler instance. */
    public TableResult editService(ServiceKey key, ServiceSettings s) {
        Optional<IpvsError> bad = validate(key, s);
        if (bad.isPresent()) {
            return TableResult.error(bad.get());
        }
        VirtualService vs = services.get(key);
        if (vs == null) {
            return TableResult.error(IpvsError.NO_SUCH_SERVICE);
        }
        DestinationScheduler sched = null;
        ServiceSettings old = vs.settings();
        if (!old.scheduler().equals(s.scheduler()) || !old.flags().equals(s.flags())) {
            Optional<DestinationScheduler> created = schedulers.create(s.scheduler(), s.flags(),
                    List.copyOf(vs.destinations()));
            if (created.isEmpty()) {
                return TableResult.error(IpvsError.INVALID_SCHEDULER);
            }
            sched = created.get();
        }
        vs.edit(s, sched);
        return TableResult.OK;
    }

    /** ipvsadm -D: removes the service and its destinations. */
    public TableResult deleteService(ServiceKey key) {
        VirtualService vs = services.remove(key);
        if (vs == null) {
            return TableResult.error(IpvsError.NO_SUCH_SERVICE);
        }
        for (Destination d : List.copyOf(vs.destinations())) {
            d.markRemoved();
        }
        return TableResult.OK;
    }

    /** ipvsadm -C. */
    public void clear() {
        for (ServiceKey k : List.copyOf(services.keySet())) {
            deleteService(k);
        }
    }

    private static Optional<IpvsError> validate(ServiceKey key, ServiceSettings s) {
        if (key instanceof ServiceKey.Inet inet && inet.port() == 0 && !s.persistent()) {
            return Optional.of(IpvsError.ZERO_PORT_NOT_PERSISTENT);
        }
        if (s.persistence().isPresent() && s.persistence().get().netmaskPrefix() > (key.isV6() ? 128 : 32)) {
            return Optional.of(IpvsError.INVALID_NETMASK);
        }
        return Optional.empty();
    }

    // ---- destinations ----

    /** ipvsadm -a. */
    public TableResult addDestination(ServiceKey key, IpAddress address, int port, DestinationSettings s) {
        VirtualService vs = services.get(key);
        if (vs == null) {
            return TableResult.error(IpvsError.NO_SUCH_SERVICE);
        }
        Optional<IpvsError> bad = validate(key, address, s);
        if (bad.isPresent()) {
            return TableResult.error(bad.get());
        }
        if (vs.find(address, port).isPresent()) {
            return TableResult.error(IpvsError.DESTINATION_EXISTS);
        }
        Destination d = new Destination(address, port, s);
        d.update(s, true);
        vs.add(d);
        return TableResult.OK;
    }

    /** ipvsadm -e. */
    public TableResult editDestination(ServiceKey key, IpAddress address, int port, DestinationSettings s) {
        VirtualService vs = services.get(key);
        if (vs == null) {
            return TableResult.error(IpvsError.NO_SUCH_SERVICE);
        }
        Optional<IpvsError> bad = validate(key, address, s);
        if (bad.isPresent()) {
            return TableResult.error(bad.get());
        }
        Optional<Destination> d = vs.find(address, port);
        if (d.isEmpty()) {
            return TableResult.error(IpvsError.NO_SUCH_DESTINATION);
        }
        d.get().update(s, false);
        vs.changed();
        return TableResult.OK;
    }

    /** ipvsadm -d. */
    public TableResult deleteDestination(ServiceKey key, IpAddress address, int port) {
        VirtualService vs = services.get(key);
        if (vs == null) {
            return TableResult.error(IpvsError.NO_SUCH_SERVICE);
        }
        Optional<Destination> d = vs.find(address, port);
        if (d.isEmpty()) {
            return TableResult.error(IpvsError.NO_SUCH_DESTINATION);
        }
        vs.remove(d.get());
        return TableResult.OK;
    }

    private static Optional<IpvsError> validate(ServiceKey key, IpAddress address, DestinationSettings s) {
        if (s.weight() < 0 || s.weight() > DestinationSettings.MAX_WEIGHT) {
            return Optional.of(IpvsError.INVALID_WEIGHT);
        }
        if (s.upperThreshold() < 0 || s.lowerThreshold() < 0
                || s.lowerThreshold() > s.upperThreshold()) {
            return Optional.of(IpvsError.INVALID_THRESHOLDS);
        }
        // the kernel lets only tunnels cross families; Fulcrum's full NAT opens its own connection, so it may too
        if (address.isV6() != key.isV6() && s.forwarding() != ForwardingMethod.TUNNEL
                && s.forwarding() != ForwardingMethod.FULLNAT) {
            return Optional.of(IpvsError.FAMILY_MISMATCH);
        }
        return Optional.empty();
    }

    // ---- reading ----

    /** The service for a key (data planes: then read its view). */
    public Optional<VirtualService> service(ServiceKey key) {
        return Optional.ofNullable(services.get(key));
    }

    /** ipvsadm -Z for all services. */
    public void zero() {
        services.values().forEach(VirtualService::zero);
    }

    /** ipvsadm -Z for one service. */
    public TableResult zero(ServiceKey key) {
        VirtualService vs = services.get(key);
        if (vs == null) {
            return TableResult.error(IpvsError.NO_SUCH_SERVICE);
        }
        vs.zero();
        return TableResult.OK;
    }

    /** Runs the 2-second rate estimation for every interval elapsed up to {@code nowNanos}. */
    public void tick(long nowNanos) {
        if (nextEstimate == Long.MIN_VALUE) {
            nextEstimate = nowNanos + RateEstimator.INTERVAL_NANOS;
            return;
        }
        int rounds = 0;
        while (nowNanos - nextEstimate >= 0 && rounds++ < 64) {
            services.values().forEach(VirtualService::estimate);
            nextEstimate += RateEstimator.INTERVAL_NANOS;
        }
        if (nowNanos - nextEstimate >= 0) {
            nextEstimate = nowNanos + RateEstimator.INTERVAL_NANOS;
        }
    }

    /** Everything, sorted as ipvsadm lists it. */
    public TableSnapshot snapshot() {
        Map<ServiceKey, VirtualService> sorted = new TreeMap<>(services);
        return new TableSnapshot(sorted.values().stream().map(VirtualService::snapshot).toList());
    }

    public int size() {
        return services.size();
    }
}
