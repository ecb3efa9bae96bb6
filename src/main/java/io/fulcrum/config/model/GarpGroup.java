package io.fulcrum.config.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code garp_group}: pacing of gratuitous ARPs / NAs on an interface, or across interfaces on one switch.
 *
 * @param garpInterval {@code garp_interval}
 * @param gnaInterval  {@code gna_interval}
 * @param interfaces   {@code interface IF} (one) or {@code interfaces { ... }} (aggregated)
 * @param aggregated   whether the interfaces block was used (the limit applies to all of them together)
 */
public record GarpGroup(Optional<Duration> garpInterval, Optional<Duration> gnaInterval, List<String> interfaces,
        boolean aggregated) {

    public GarpGroup {
        Objects.requireNonNull(garpInterval, "garpInterval");
        Objects.requireNonNull(gnaInterval, "gnaInterval");
        interfaces = List.copyOf(interfaces);
        if (garpInterval.isEmpty() && gnaInterval.isEmpty()) {
            throw new IllegalArgumentException("a garp_group needs garp_interval or gna_interval");
        }
    }
}
