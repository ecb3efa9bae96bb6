package io.fulcrum.config.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When gratuitous ARPs / unsolicited neighbour adverts are sent: globally ({@code vrrp_garp_*}) and per instance
 * ({@code garp_*}, defaulting to the global values).
 *
 * @param masterDelay         delay of the second burst after becoming MASTER; 0 = no second burst [5 s]
 * @param masterRepeat        messages per VIP in each burst [5]
 * @param lowerPrioDelay      delay of the second burst after a lower-priority advert [= masterDelay]
 * @param lowerPrioRepeat     messages per VIP after a lower-priority advert [= masterRepeat]
 * @param masterRefresh       interval of refresh bursts while MASTER; 0 = none [0]
 * @param masterRefreshRepeat messages per VIP in each refresh [1]
 * @param extraInterfaces     {@code garp_extra_if}: periodic GARPs on other interfaces [none]
 */
public record GarpTiming(Duration masterDelay, int masterRepeat, Duration lowerPrioDelay, int lowerPrioRepeat,
        Duration masterRefresh, int masterRefreshRepeat, Optional<GarpExtraInterfaces> extraInterfaces) {

    public GarpTiming {
        Objects.requireNonNull(masterDelay, "masterDelay");
        Objects.requireNonNull(lowerPrioDelay, "lowerPrioDelay");
        Objects.requireNonNull(masterRefresh, "masterRefresh");
        Objects.requireNonNull(extraInterfaces, "extraInterfaces");
        if (masterDelay.isNegative() || lowerPrioDelay.isNegative() || masterRefresh.isNegative()) {
            throw new IllegalArgumentException("gratuitous ARP delays must not be negative");
        }
        if (masterRepeat < 0 || lowerPrioRepeat < 0 || masterRefreshRepeat < 0) {
            throw new IllegalArgumentException("gratuitous ARP repeats must not be negative");
        }
    }

    public static GarpTiming defaults() {
        return new GarpTiming(Defaults.GARP_MASTER_DELAY, Defaults.GARP_MASTER_REPEAT, Defaults.GARP_MASTER_DELAY,
                Defaults.GARP_MASTER_REPEAT, Defaults.GARP_MASTER_REFRESH, Defaults.GARP_MASTER_REFRESH_REPEAT,
                Optional.empty());
    }
}
