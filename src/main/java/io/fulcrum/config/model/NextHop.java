package io.fulcrum.config.model;

import io.fulcrum.common.IpAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One {@code nexthop} of a multipath route.
 *
 * @param gateway {@code via}
 * @param dev     {@code dev}
 * @param weight  {@code weight} 1..256
 * @param onlink  {@code onlink}: the gateway is reachable on the device even without a route
 */
public record NextHop(Optional<IpAddress> gateway, Optional<String> dev, OptionalInt weight, boolean onlink) {

    public NextHop {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(weight, "weight");
        if (gateway.isEmpty() && dev.isEmpty()) {
            throw new IllegalArgumentException("a nexthop needs a gateway or a device");
        }
        if (weight.isPresent() && (weight.getAsInt() < 1 || weight.getAsInt() > 256)) {
            throw new IllegalArgumentException("nexthop weight must be in [1, 256]");
        }
    }
}
