package io.fulcrum.config.model;

import io.fulcrum.common.IpAddress;

/** An address family. */
public enum IpFamily {
    IPV4,
    IPV6;

    public static IpFamily of(IpAddress a) {
        return a.isV4() ? IPV4 : IPV6;
    }

    /** "IPv4" / "IPv6", as keepalived writes them. */
    public String label() {
        return this == IPV4 ? "IPv4" : "IPv6";
    }
}
