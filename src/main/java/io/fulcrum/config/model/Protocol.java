package io.fulcrum.config.model;

import java.util.Locale;

/** The layer-4 protocol of a virtual service ({@code protocol TCP|UDP|SCTP}; keepalived accepts any case). */
public enum Protocol {
    TCP, UDP, SCTP;

    /** Lower case, as keepalived writes it in "[10.0.0.1]:tcp:80". */
    public String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
