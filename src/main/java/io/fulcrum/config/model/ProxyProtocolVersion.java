package io.fulcrum.config.model;

import java.util.Locale;
import java.util.Map;

/**
 * {@code proxy_protocol v1|v2}, a Fulcrum keyword of {@code virtual_server}: the PROXY protocol header the
 * full-NAT proxy sends to the real server first, so it sees the client's address.
 */
public enum ProxyProtocolVersion {
    V1, V2;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Map<String, ProxyProtocolVersion> byKeyword() {
        return Map.of("v1", V1, "v2", V2);
    }
}
