package io.fulcrum.web;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The data planes' own counters.
 *
 * @param packetEngine whether the packet engine (DR/NAT/TUN) runs
 * @param received     frames the packet engine received
 * @param forwarded    frames it forwarded
 * @param drops        frames it dropped, by reason
 * @param frameErrors  malformed or unsupported frames, by kind
 * @param proxyErrors  the proxy's failures by kind (connect failures, timeouts, refusals), when it runs
 */
public record DataplaneView(boolean packetEngine, long received, long forwarded, Map<String, Long> drops,
                            Map<String, Long> frameErrors, Map<String, Long> proxyErrors) {

    public static final DataplaneView NONE = new DataplaneView(false, 0, 0, Map.of(), Map.of(), Map.of());

    public DataplaneView {
        drops = sorted(drops);
        frameErrors = sorted(frameErrors);
        proxyErrors = sorted(proxyErrors);
    }

    private static Map<String, Long> sorted(Map<String, Long> m) {
        return Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(m)));
    }
}
