package io.fulcrum.config.model;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * {@code lvs_timeouts [tcp S] [tcpfin S] [udp S]}: IPVS connection timeouts to set; an empty value is left as it
 * was when Fulcrum started.
 */
public record LvsTimeouts(OptionalInt tcp, OptionalInt tcpFin, OptionalInt udp) {

    /** keepalived's LVS_MAX_TIMEOUT: 31 days. */
    public static final int MAX_SECONDS = 86_400 * 31;

    public LvsTimeouts {
        Objects.requireNonNull(tcp, "tcp");
        Objects.requireNonNull(tcpFin, "tcpFin");
        Objects.requireNonNull(udp, "udp");
        for (OptionalInt t : new OptionalInt[] {tcp, tcpFin, udp}) {
            if (t.isPresent() && (t.getAsInt() < 0 || t.getAsInt() > MAX_SECONDS)) {
                throw new IllegalArgumentException("lvs_timeouts value out of range [0, " + MAX_SECONDS + "]");
            }
        }
    }

    public static LvsTimeouts unchanged() {
        return new LvsTimeouts(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());
    }

    public boolean isEmpty() {
        return tcp.isEmpty() && tcpFin.isEmpty() && udp.isEmpty();
    }
}
