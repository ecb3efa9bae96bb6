package io.fulcrum.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The notify FIFOs of global_defs.
 *
 * @param all                      {@code notify_fifo}: VRRP and checker events
 * @param vrrp                     {@code vrrp_notify_fifo}: VRRP events only
 * @param lvs                      {@code lvs_notify_fifo}: checker events only
 * @param writeVrrpStatesOnReload  {@code fifo_write_vrrp_states_on_reload}: rewrite every state after a reload
 */
public record NotifyFifos(Optional<NotifyFifo> all, Optional<NotifyFifo> vrrp, Optional<NotifyFifo> lvs,
        boolean writeVrrpStatesOnReload) {

    public NotifyFifos {
        Objects.requireNonNull(all, "all");
        Objects.requireNonNull(vrrp, "vrrp");
        Objects.requireNonNull(lvs, "lvs");
    }

    public static NotifyFifos none() {
        return new NotifyFifos(Optional.empty(), Optional.empty(), Optional.empty(), false);
    }
}
