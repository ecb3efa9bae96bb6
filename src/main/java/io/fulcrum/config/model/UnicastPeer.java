package io.fulcrum.config.model;

import io.fulcrum.common.IpAddress;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * An entry of {@code unicast_peer}: adverts are sent to it instead of the multicast group.
 *
 * @param address the peer
 * @param minTtl  {@code min_ttl}: adverts from it with a lower TTL are dropped
 * @param maxTtl  {@code max_ttl}: adverts from it with a higher TTL are dropped (a range with min above max
 *                drops everything, as in keepalived)
 */
public record UnicastPeer(IpAddress address, OptionalInt minTtl, OptionalInt maxTtl) {

    public UnicastPeer {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(minTtl, "minTtl");
        Objects.requireNonNull(maxTtl, "maxTtl");
        for (OptionalInt t : new OptionalInt[] {minTtl, maxTtl}) {
            if (t.isPresent() && (t.getAsInt() < 0 || t.getAsInt() > 255)) {
                throw new IllegalArgumentException("unicast peer TTL must be in [0, 255]");
            }
        }
    }
}
