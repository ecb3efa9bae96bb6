package io.fulcrum.realserver;

import io.fulcrum.common.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code fulcrum realserver start} found and changed for one VIP, saved before any change is made so that
 * {@code stop} puts back exactly what was there.
 *
 * @param vip          the VIP, as text
 * @param dev          the interface the VIP is on (lo unless --dev said otherwise)
 * @param prefixLength 32, or 128 for an IPv6 VIP
 * @param addressAdded whether start added the address (false: it was there already, and stop leaves it)
 * @param sysctls      the parameters start changes, in the order it changes them (stop restores in reverse)
 * @param decap        the IPIP decapsulator, when start ran with --decap
 */
public record RealServerState(String vip, String dev, int prefixLength, boolean addressAdded,
        List<SysctlChange> sysctls, Optional<DecapRecord> decap) {

    public RealServerState {
        IpAddress address = IpAddress.parse(Objects.requireNonNull(vip, "vip"));
        Objects.requireNonNull(dev, "dev");
        if (prefixLength != address.bitLength()) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is not /" + address.bitLength()
                    + " for " + vip);
        }
        sysctls = List.copyOf(sysctls);
        Objects.requireNonNull(decap, "decap");
    }

    /** A state with nothing recorded yet but the address. */
    static RealServerState fresh(IpAddress vip, String dev, boolean addressAdded) {
        return new RealServerState(vip.toString(), dev, vip.bitLength(), addressAdded, List.of(), Optional.empty());
    }

    public IpAddress address() {
        return IpAddress.parse(vip);
    }

    /** The recorded change of {@code key}, if any. */
    public Optional<SysctlChange> change(Sysctl key) {
        return sysctls.stream().filter(c -> c.path().equals(key.path())).findFirst();
    }

    /** This state with {@code change} recorded after the others (a key already recorded keeps its record). */
    RealServerState withChange(SysctlChange change) {
        if (change(change.sysctl()).isPresent()) {
            return this;
        }
        List<SysctlChange> more = new ArrayList<>(sysctls);
        more.add(change);
        return new RealServerState(vip, dev, prefixLength, addressAdded, more, decap);
    }

    RealServerState withDecap(Optional<DecapRecord> d) {
        return new RealServerState(vip, dev, prefixLength, addressAdded, sysctls, d);
    }
}
