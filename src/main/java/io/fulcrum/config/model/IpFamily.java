package io.fulcrum.config.model;

import io.fulcrum.common.IpAddress;

/** An address family as keepalived names it ({@code ip_family inet|inet6}). */
public enum IpFamily {
    INET("inet"), INET6("inet6");

    private final String keyword;

    IpFamily(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    public static IpFamily of(IpAddress a) {
        return a.isV4() ? INET : INET6;
    }

    @Override
    public String toString() {
        return keyword;
    }
}
