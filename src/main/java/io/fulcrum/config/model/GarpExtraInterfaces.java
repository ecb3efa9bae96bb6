package io.fulcrum.config.model;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code garp_extra_if [all] SECS}: periodic gratuitous ARP / unsolicited NA on the interfaces of VIPs that are not
 * the instance's own interface (only VMAC interfaces unless {@code all}).
 *
 * @param interval      time between repeats, whole seconds, at most 86400
 * @param allInterfaces {@code all}: every interface the instance uses, not only VMACs
 */
public record GarpExtraInterfaces(Duration interval, boolean allInterfaces) {

    public GarpExtraInterfaces {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.compareTo(Duration.ofSeconds(86_400)) > 0) {
            throw new IllegalArgumentException("garp_extra_if interval must be in [0, 86400] seconds");
        }
    }
}
