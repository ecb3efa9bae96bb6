package io.fulcrum.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code use_vmac [IFNAME] [MAC]} with {@code vmac_xmit_base}: the instance's VIPs live on a macvlan with the VRRP
 * virtual MAC (00:00:5e:00:01:VRID, or :02: for IPv6).
 *
 * @param interfaceName the macvlan's name [vrrp.VRID]
 * @param macAddress    a MAC to use instead of the RFC one ({@code xx:xx:xx:xx:xx[:xx]}; five octets take the VRID
 *                      as the sixth)
 * @param xmitBase      {@code vmac_xmit_base}: send and receive adverts on the underlying interface
 */
public record Vmac(Optional<String> interfaceName, Optional<String> macAddress, boolean xmitBase) {

    public Vmac {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(macAddress, "macAddress");
        if (interfaceName.isPresent() && (interfaceName.get().isEmpty() || interfaceName.get().length() > 15)) {
            throw new IllegalArgumentException("VMAC interface name must be 1..15 characters");
        }
    }
}
