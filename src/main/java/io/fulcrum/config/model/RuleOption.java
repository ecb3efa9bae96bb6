package io.fulcrum.config.model;

/** The less common selectors and attributes of a policy rule, kept with their validated text. */
public enum RuleOption {
    TOS("tos"),
    REALMS("realms"),
    SUPPRESS_PREFIXLENGTH("suppress_prefixlength"),
    SUPPRESS_IFGROUP("suppress_ifgroup"),
    UIDRANGE("uidrange"),
    IP_PROTO("ip_proto"),
    SPORT("sport"),
    DPORT("dport"),
    L3MDEV("l3mdev"),
    PROTOCOL("protocol");

    private final String keyword;

    RuleOption(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
