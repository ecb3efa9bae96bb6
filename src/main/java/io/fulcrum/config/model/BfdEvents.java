package io.fulcrum.config.model;

/** Which side hears a bfd_instance's events ({@code vrrp}, {@code checker}, or both when neither is given). */
public enum BfdEvents {
    BOTH,
    VRRP,
    CHECKER
}
