package io.fulcrum.control;

import io.fulcrum.control.IpvsSnapshot.Persistence;
import io.fulcrum.control.IpvsSnapshot.SchedFlags;
import io.fulcrum.control.IpvsSnapshot.ServiceKey;
import java.util.Objects;

/**
 * A virtual service as ipvsadm {@code -A}/{@code -E} gives it: scheduler (ipvsadm's default is wlc),
 * {@code persistence.timeout()==0} = not persistent.
 */
public record ServiceSpec(ServiceKey key, String scheduler, SchedFlags schedFlags, Persistence persistence,
                          boolean onePacket) {
    public ServiceSpec {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(schedFlags, "schedFlags");
        Objects.requireNonNull(persistence, "persistence");
    }
}
