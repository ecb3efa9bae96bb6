package io.fulcrum.config.model;

import java.time.Duration;
import java.util.Objects;

/**
 * The global gratuitous ARP settings.
 *
 * @param timing      {@code vrrp_garp_master_*}, {@code vrrp_garp_lower_prio_*}, {@code vrrp_garp_extra_if}
 * @param garpInterval {@code vrrp_garp_interval}: minimum gap between ARPs on an interface [0]
 * @param gnaInterval  {@code vrrp_gna_interval}: minimum gap between NAs on an interface [0]
 */
public record GarpDefaults(GarpTiming timing, Duration garpInterval, Duration gnaInterval) {

    public GarpDefaults {
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(garpInterval, "garpInterval");
        Objects.requireNonNull(gnaInterval, "gnaInterval");
        if (garpInterval.isNegative() || gnaInterval.isNegative()) {
            throw new IllegalArgumentException("garp/gna intervals must not be negative");
        }
    }

    public static GarpDefaults defaults() {
        return new GarpDefaults(GarpTiming.defaults(), Defaults.GARP_INTERVAL, Defaults.GNA_INTERVAL);
    }
}
