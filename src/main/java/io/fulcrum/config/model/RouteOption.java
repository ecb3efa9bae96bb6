package io.fulcrum.config.model;

/**
 * The less common attributes of a route ({@code ip route} metrics and flags), kept with their validated text.
 * {@code lock} before a metric value fixes it against path MTU discovery and the like.
 */
public enum RouteOption {
    TOS("tos", Kind.BYTE),
    MTU("mtu", Kind.LOCKABLE_NUMBER),
    ADVMSS("advmss", Kind.LOCKABLE_NUMBER),
    RTT("rtt", Kind.LOCKABLE_TIME),
    RTTVAR("rttvar", Kind.LOCKABLE_TIME),
    REORDERING("reordering", Kind.LOCKABLE_NUMBER),
    WINDOW("window", Kind.NUMBER),
    CWND("cwnd", Kind.LOCKABLE_NUMBER),
    SSTHRESH("ssthresh", Kind.LOCKABLE_NUMBER),
    REALMS("realms", Kind.REALMS),
    RTO_MIN("rto_min", Kind.LOCKABLE_TIME),
    INITCWND("initcwnd", Kind.LOCKABLE_NUMBER),
    INITRWND("initrwnd", Kind.LOCKABLE_NUMBER),
    FEATURES("features", Kind.FEATURES),
    QUICKACK("quickack", Kind.ZERO_ONE),
    FASTOPEN_NO_COOKIE("fastopen_no_cookie", Kind.ZERO_ONE),
    CONGCTL("congctl", Kind.LOCKABLE_WORD),
    PREF("pref", Kind.PREF),
    HOPLIMIT("hoplimit", Kind.LOCKABLE_NUMBER),
    EXPIRES("expires", Kind.NUMBER),
    VRF("vrf", Kind.WORD),
    TTL_PROPAGATE("ttl-propagate", Kind.ENABLED_DISABLED);

    /** What the value looks like. */
    public enum Kind {
        BYTE, NUMBER, LOCKABLE_NUMBER, LOCKABLE_TIME, LOCKABLE_WORD, WORD, REALMS, FEATURES, ZERO_ONE, PREF,
        ENABLED_DISABLED
    }

    private final String keyword;
    private final Kind kind;

    RouteOption(String keyword, Kind kind) {
        this.keyword = keyword;
        this.kind = kind;
    }

    public String keyword() {
        return keyword;
    }

    public Kind kind() {
        return kind;
    }
}
