package io.fulcrum.ipvs;

import java.util.Optional;

/** The editable settings of a virtual service ({@code -A/-E} options). */
public record ServiceSettings(String scheduler, SchedFlags flags, Optional<Persistence> persistence,
                              boolean onePacket, Optional<String> persistenceEngine) {

    /** ipvsadm's and keepalived's default scheduler. */
    public static final String DEFAULT_SCHEDULER = "wlc";

    public ServiceSettings {
        if (scheduler == null || scheduler.isBlank()) {
            throw new IllegalArgumentException("scheduler name is required");
        }
        if (flags == null || persistence == null || persistenceEngine == null) {
            throw new IllegalArgumentException("flags, persistence and pe must not be null");
        }
    }

    public static ServiceSettings of(String scheduler) {
        return new ServiceSettings(scheduler, SchedFlags.NONE, Optional.empty(), false, Optional.empty());
    }

    public ServiceSettings withFlags(SchedFlags f) {
        return new ServiceSettings(scheduler, f, persistence, onePacket, persistenceEngine);
    }

    public ServiceSettings withPersistence(Persistence p) {
        return new ServiceSettings(scheduler, flags, Optional.of(p), onePacket, persistenceEngine);
    }

    public boolean persistent() {
        return persistence.isPresent();
    }
}
