package io.fulcrum.common;

import java.util.Objects;
import java.util.Optional;

/** An address with a prefix length, as in {@code 192.168.1.10/24} (the host bits are kept). */
public record IpPrefix(IpAddress address, int prefixLength) {

    public IpPrefix {
        Objects.requireNonNull(address, "address");
        if (prefixLength < 0 || prefixLength > address.bitLength()) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range 0.."
                    + address.bitLength() + " for " + address);
        }
    }

    /** A host prefix: /32 or /128. */
    public static IpPrefix host(IpAddress a) {
        return new IpPrefix(a, a.bitLength());
    }

    /** Parses {@code ADDR} (host prefix) or {@code ADDR/LEN}; IPv4 also accepts {@code ADDR/NETMASK}. */
    public static Optional<IpPrefix> tryParse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return IpAddress.tryParse(text).map(IpPrefix::host);
        }
        Optional<IpAddress> a = IpAddress.tryParse(text.substring(0, slash));
        if (a.isEmpty()) {
            return Optional.empty();
        }
        String len = text.substring(slash + 1);
        if (len.matches("[0-9]{1,3}")) {
            int n = Integer.parseInt(len);
            return n <= a.get().bitLength() ? Optional.of(new IpPrefix(a.get(), n)) : Optional.empty();
        }
        if (a.get().isV4()) {
            Optional<IpAddress> mask = IpAddress.tryParse(len).filter(IpAddress::isV4);
            if (mask.isPresent() && mask.get().netmaskPrefix() >= 0) {
                return Optional.of(new IpPrefix(a.get(), mask.get().netmaskPrefix()));
            }
        }
        return Optional.empty();
    }

    /** Whether {@code a} (of the same family) lies in this prefix: its first {@code prefixLength} bits match. */
    public boolean contains(IpAddress a) {
        if (a.isV6() != address.isV6()) {
            return false;
        }
        byte[] x = address.bytes();
        byte[] y = a.bytes();
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (x[i] != y[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (x[full] & mask) == (y[full] & mask);
    }

    public boolean isHost() {
        return prefixLength == address.bitLength();
    }

    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}
