package io.fulcrum.config.model;

import java.util.Objects;

/** An entry of {@code static_ipaddress}: an address configured at start and kept (never moved by VRRP). */
public record StaticAddress(IpAddressSpec address) {

    public StaticAddress {
        Objects.requireNonNull(address, "address");
        if (address.useVmac()) {
            throw new IllegalArgumentException("use_vmac is not valid for a static address");
        }
    }
}
