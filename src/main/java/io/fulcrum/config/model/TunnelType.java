package io.fulcrum.config.model;

/** IPVS tunnel encapsulations ({@code lvs_method TUN type ipip|gue|gre}). */
public enum TunnelType {
    IPIP("ipip"), GUE("gue"), GRE("gre");

    private final String keyword;

    TunnelType(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    @Override
    public String toString() {
        return keyword;
    }
}
