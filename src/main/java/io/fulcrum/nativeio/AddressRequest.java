package io.fulcrum.nativeio;

import io.fulcrum.common.IpAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * An address to add to or remove from an interface: what {@code ip addr add} takes and keepalived's
 * virtual_ipaddress uses ({@code <address>/<prefix> brd <address> dev <if> scope <scope> label <label>
 * peer <address> nodad noprefixroute preferred_lft <seconds>}).
 *
 * @param ifindex           the interface index ({@code dev}, see {@link Rtnetlink#links()})
 * @param address           the local address
 * @param prefixLength      the prefix length, 0..32 or 0..128
 * @param broadcast         the IPv4 broadcast address ({@code brd}); none for IPv6
 * @param peer              the peer of a point-to-point address ({@code peer}), same family
 * @param label             the IPv4 label ({@code label}, at most 15 characters; the kernel wants it to start
 *                          with the interface name)
 * @param scope             the scope, {@link InterfaceAddress#SCOPE_UNIVERSE} (global) unless set
 * @param noDad             skip IPv6 duplicate address detection ({@code nodad})
 * @param noPrefixRoute     add no prefix route for the address ({@code noprefixroute})
 * @param preferredLifetime the preferred lifetime in seconds ({@code preferred_lft}, sent as IFA_CACHEINFO with a
 *                          valid lifetime of forever); {@link #FOREVER} sends none. keepalived uses 0 for IPv6
 *                          virtual addresses so they are never picked as a source
 */
public record AddressRequest(int ifindex, IpAddress address, int prefixLength, Optional<IpAddress> broadcast,
        Optional<IpAddress> peer, Optional<String> label, int scope, boolean noDad, boolean noPrefixRoute,
        long preferredLifetime) {

    /** The lifetime that never ends (0xffffffff seconds, INFINITY_LIFE_TIME). */
    public static final long FOREVER = 0xffffffffL;

    public AddressRequest {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(broadcast, "broadcast");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(label, "label");
        if (ifindex <= 0) {
            throw new IllegalArgumentException("interface index " + ifindex + " is not positive");
        }
        if (prefixLength < 0 || prefixLength > address.bitLength()) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range for " + address);
        }
        if (broadcast.isPresent() && (address.isV6() || !broadcast.get().isV4())) {
            throw new IllegalArgumentException("a broadcast address is IPv4 and only for an IPv4 address");
        }
        if (peer.isPresent() && peer.get().isV6() != address.isV6()) {
            throw new IllegalArgumentException("peer " + peer.get() + " is not of the family of " + address);
        }
        if (label.isPresent() && (label.get().isEmpty() || label.get().length() > 15 || address.isV6())) {
            throw new IllegalArgumentException("a label is 1 to 15 characters and only for an IPv4 address");
        }
        if (scope < 0 || scope > 255) {
            throw new IllegalArgumentException("scope " + scope + " out of range 0..255");
        }
        if (preferredLifetime < 0 || preferredLifetime > FOREVER) {
            throw new IllegalArgumentException("preferred lifetime " + preferredLifetime + " out of range");
        }
    }

    /** {@code ip addr add <address>/<prefix> dev <ifindex>}, with every option at its default. */
    public static AddressRequest of(int ifindex, IpAddress address, int prefixLength) {
        return new AddressRequest(ifindex, address, prefixLength, Optional.empty(), Optional.empty(),
                Optional.empty(), InterfaceAddress.SCOPE_UNIVERSE, false, false, FOREVER);
    }

    /** The address flags this request sets (IFA_F_NODAD, IFA_F_NOPREFIXROUTE). */
    int flags() {
        return (noDad ? InterfaceAddress.F_NODAD : 0) | (noPrefixRoute ? InterfaceAddress.F_NOPREFIXROUTE : 0);
    }

    /** {@code 10.0.0.100/32 dev eth0}, for messages. */
    String describe(String device) {
        return address + "/" + prefixLength + peer.map(p -> " peer " + p).orElse("") + " dev " + device;
    }
}
