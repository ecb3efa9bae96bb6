package io.fulcrum.ipvs;

import java.util.List;

/** Everything in the table, sorted as ipvsadm lists it. */
public record TableSnapshot(List<ServiceSnapshot> services) {
    public TableSnapshot {
        services = List.copyOf(services);
    }
}
