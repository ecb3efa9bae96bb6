package io.fulcrum.config.model;

import io.fulcrum.common.IpAddress;

/** An address family, as keepalived names it ({@code ip_family inet|inet6}) and writes it ("IPv4"/"IPv6"). */
public enum IpFamily {
    INET("inet", "IPv4"),
    INET6("inet6", "IPv6");

    private final String keyword;
    private final String label;

    IpFamily(String keyword, String label) {
        this.keyword = keyword;
        this.label = label;
    }

    public static IpFamily of(IpAddress a) {
        return a.isV4() ? INET : INET6;
    }

    /** The keyword form: {@code inet} or {@code inet6}. */
    public String keyword() {
        return keyword;
    }

    /** "IPv4" / "IPv6", as keepalived writes them in messages. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return keyword;
    }
}
