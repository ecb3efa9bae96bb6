package io.fulcrum.config.model;

import io.fulcrum.common.IpAddress;
import io.fulcrum.common.IpPrefix;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An address to configure on an interface: a static address, a VIP or an excluded VIP, with the options of
 * {@code ip address add}.
 *
 * @param address           the address and prefix length [/32 or /128]
 * @param broadcast         {@code brd} (a {@code +} or {@code -} is resolved to the address with the host bits set
 *                          or cleared)
 * @param dev               {@code dev}: the interface [the instance's interface, or default_interface]
 * @param scope             {@code scope}
 * @param label             {@code label}: an alias name, at most 15 characters
 * @param peer              {@code peer}: the other end of a point-to-point address
 * @param home              {@code home} (IPv6 home address)
 * @param noDad             {@code -nodad}: no duplicate address detection (IPv6)
 * @param mngTmpAddr        {@code mngtmpaddr} (IPv6 privacy addresses)
 * @param noPrefixRoute     {@code noprefixroute}: no route for the prefix
 * @param autoJoin          {@code autojoin}: join the multicast group
 * @param preferredLifetime {@code preferred_lft} seconds; {@link #FOREVER} for {@code forever}
 *                          [0 for an IPv6 /128, else unset]
 * @param noTrack           {@code no_track}: losing the address does not take the instance out of MASTER
 * @param useVmac           {@code use_vmac}: put the address on a VMAC of its interface (VIPs only)
 * @param trackGroup        {@code track_group}: instances that go to FAULT if this static address is lost
 */
public record IpAddressSpec(IpPrefix address, Optional<IpAddress> broadcast, Optional<String> dev,
        Optional<Scope> scope, Optional<String> label, Optional<IpAddress> peer, boolean home, boolean noDad,
        boolean mngTmpAddr, boolean noPrefixRoute, boolean autoJoin, OptionalLong preferredLifetime,
        boolean noTrack, boolean useVmac, Optional<String> trackGroup) {

    /** {@code preferred_lft forever}. */
    public static final long FOREVER = 0xFFFF_FFFFL;

    public IpAddressSpec {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(broadcast, "broadcast");
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(preferredLifetime, "preferredLifetime");
        Objects.requireNonNull(trackGroup, "trackGroup");
        if (broadcast.isPresent() && broadcast.get().isV4() != address.address().isV4()) {
            throw new IllegalArgumentException("broadcast address family differs from " + address);
        }
        if (peer.isPresent() && peer.get().isV4() != address.address().isV4()) {
            throw new IllegalArgumentException("peer address family differs from " + address);
        }
        if (label.isPresent() && (label.get().isEmpty() || label.get().length() > 15)) {
            throw new IllegalArgumentException("label must be 1..15 characters");
        }
        if (preferredLifetime.isPresent()
                && (preferredLifetime.getAsLong() < 0 || preferredLifetime.getAsLong() > FOREVER)) {
            throw new IllegalArgumentException("preferred_lft out of range");
        }
    }

    public IpFamily family() {
        return IpFamily.of(address.address());
    }

    /** This address on the given interface. */
    public IpAddressSpec withDev(String newDev) {
        return new IpAddressSpec(address, broadcast, Optional.of(newDev), scope, label, peer, home, noDad, mngTmpAddr,
                noPrefixRoute, autoJoin, preferredLifetime, noTrack, useVmac, trackGroup);
    }

    /** This address without its track_group (when the group does not exist). */
    public IpAddressSpec withoutTrackGroup() {
        return new IpAddressSpec(address, broadcast, dev, scope, label, peer, home, noDad, mngTmpAddr, noPrefixRoute,
                autoJoin, preferredLifetime, noTrack, useVmac, Optional.empty());
    }
}
