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

    public boolean isHost() {
        return prefixLength == address.bitLength();
    }

    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}
