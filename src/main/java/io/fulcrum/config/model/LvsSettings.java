package io.fulcrum.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The IPVS settings of global_defs.
 *
 * @param syncDaemon     {@code lvs_sync_daemon}
 * @param timeouts       {@code lvs_timeouts}
 * @param flush          {@code lvs_flush}: flush the IPVS table at startup
 * @param flushOnStop    {@code lvs_flush_on_stop}
 * @param rsInitNotifies {@code rs_init_notifies}: notify the initial state of every real server
 */
public record LvsSettings(Optional<LvsSyncDaemon> syncDaemon, LvsTimeouts timeouts, boolean flush,
        FlushOnStop flushOnStop, boolean rsInitNotifies) {

    public LvsSettings {
        Objects.requireNonNull(syncDaemon, "syncDaemon");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(flushOnStop, "flushOnStop");
    }

    public static LvsSettings defaults() {
        return new LvsSettings(Optional.empty(), LvsTimeouts.unchanged(), false, FlushOnStop.NONE, false);
    }
}
