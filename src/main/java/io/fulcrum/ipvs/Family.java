package io.fulcrum.ipvs;

/** Address family of a fwmark service (ipvsadm {@code -f N [-6]}). */
public enum Family {
    INET, INET6
}
