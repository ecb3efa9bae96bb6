package io.fulcrum.ipvs;

/**
 * Persistence of a service: timeout in seconds (1 .. 31 days; ipvsadm's {@code -p} without value is
 * {@link #DEFAULT_TIMEOUT}) and the client netmask as a prefix length (32/128 = per client address).
 */
public record Persistence(int timeoutSeconds, int netmaskPrefix) {

    public static final int DEFAULT_TIMEOUT = 360;
    public static final int MAX_TIMEOUT = 31 * 24 * 3600;

    public Persistence {
        if (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT) {
            throw new IllegalArgumentException("persistence timeout out of range 1.." + MAX_TIMEOUT + ": "
                    + timeoutSeconds);
        }
        if (netmaskPrefix < 1 || netmaskPrefix > 128) {
            throw new IllegalArgumentException("netmask prefix out of range 1..128: " + netmaskPrefix);
        }
    }
}
