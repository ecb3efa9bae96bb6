package io.fulcrum.config.model;

import java.util.Locale;

/** The type of a route ({@code ip route add TYPE PREFIX ...}); unicast when not given. */
public enum RouteType {
    UNICAST, LOCAL, BROADCAST, ANYCAST, MULTICAST, BLACKHOLE, UNREACHABLE, PROHIBIT, THROW, NAT;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }
}
