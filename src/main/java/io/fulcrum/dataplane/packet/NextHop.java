package io.fulcrum.dataplane.packet;

import io.fulcrum.common.IpAddress;
import java.util.Objects;

/**
 * Where a frame for {@code address} goes on the wire: the interface (index) the address is reached on and its MAC
 * there (48 bits in the low bits of the long), from the kernel's neighbour table.
 */
public record NextHop(IpAddress address, int ifindex, long mac) {

    public NextHop {
        Objects.requireNonNull(address, "address");
    }
}
