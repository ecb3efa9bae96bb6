package io.fulcrum.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A persistent service: connections from one client (masked by the granularity) go to the same real server for
 * {@code timeout} seconds after the last one ends.
 *
 * @param timeout     1..2678400 s [360 when given without a value]
 * @param granularity client address mask [/32 or /128]
 * @param engine      persistence engine ({@code sip})
 */
public record Persistence(int timeout, Optional<PersistenceGranularity> granularity, Optional<String> engine) {

    public Persistence {
        if (timeout < 1 || timeout > Defaults.PERSISTENCE_TIMEOUT_MAX) {
            throw new IllegalArgumentException("persistence_timeout " + timeout + " out of range 1.."
                    + Defaults.PERSISTENCE_TIMEOUT_MAX);
        }
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(engine, "engine");
        if (engine.isPresent() && (engine.get().isEmpty()
                || engine.get().length() > Defaults.PERSISTENCE_ENGINE_MAX_LENGTH)) {
            throw new IllegalArgumentException("persistence_engine name must be 1.."
                    + Defaults.PERSISTENCE_ENGINE_MAX_LENGTH + " characters");
        }
    }
}
