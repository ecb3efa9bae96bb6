package io.fulcrum.config.model;

/** Query types of DNS_CHECK, with their RR type numbers. */
public enum DnsType {
    A(1), NS(2), CNAME(5), SOA(6), MX(15), TXT(16), AAAA(28);

    private final int code;

    DnsType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
