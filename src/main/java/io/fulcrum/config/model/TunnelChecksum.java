package io.fulcrum.config.model;

/** Checksum option of a GUE or GRE tunnel ({@code nocsum} is the default; ipip takes none, gre no remcsum). */
public enum TunnelChecksum {
    NOCSUM("nocsum"), CSUM("csum"), REMCSUM("remcsum");

    private final String keyword;

    TunnelChecksum(String keyword) {
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
