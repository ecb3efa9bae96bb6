package io.fulcrum.vrrp;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.IpAddressSpec;
import io.fulcrum.config.model.VrrpInstance;
import java.util.List;
import java.util.Objects;

/**
 * A configured instance with what only the running host can tell: the address its adverts come from (the
 * configured source, else the interface's primary address) and where they go (the multicast group, or each
 * unicast peer). Both the receive checks and the state machine read it; the engine builds it at start.
 *
 * @param spec            the instance as the configuration gives it, keepalived's defaults filled in
 * @param primaryAddress  the advert source: {@code unicast_src_ip}/{@code mcast_src_ip}, else the interface's
 *                        primary address of the instance's family; it breaks priority ties
 * @param multicastGroup  {@code mcast_dst_ip}, else {@code vrrp_mcast_group4}/{@code 6}; unused with unicast
 */
public record InstanceSettings(VrrpInstance spec, IpAddress primaryAddress, IpAddress multicastGroup) {

    public InstanceSettings {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(primaryAddress, "primaryAddress");
        Objects.requireNonNull(multicastGroup, "multicastGroup");
    }

    public String name() {
        return spec.name();
    }

    public int vrid() {
        return spec.vrid();
    }

    public int version() {
        return spec.version();
    }

    public boolean unicast() {
        return spec.unicast().isUnicast();
    }

    /** The addresses carried in adverts: the {@code virtual_ipaddress} entries, in configuration order. */
    public List<IpAddress> advertisedAddresses() {
        return spec.virtualIpAddresses().stream().map(a -> a.address().address()).toList();
    }

    /** Every address the instance adds as MASTER: VIPs, then excluded VIPs. */
    public List<IpAddressSpec> allAddresses() {
        return java.util.stream.Stream.concat(spec.virtualIpAddresses().stream(),
                spec.excludedIpAddresses().stream()).toList();
    }

    /** Where adverts go: each unicast peer, else the multicast group. */
    public List<IpAddress> destinations() {
        return unicast() ? spec.unicast().peers().stream().map(p -> p.address()).toList() : List.of(multicastGroup);
    }
}
