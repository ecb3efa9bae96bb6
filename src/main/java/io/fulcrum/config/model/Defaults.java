package io.fulcrum.config.model;

import java.time.Duration;

/**
 * keepalived's defaults, in one place. Each feature grammar fills a missing keyword from here, so the model
 * never holds "unset" where keepalived has a value.
 */
public final class Defaults {

    private Defaults() {
    }

    // vrrp_script
    public static final Duration VRRP_SCRIPT_INTERVAL = Duration.ofSeconds(1);
    public static final int VRRP_SCRIPT_WEIGHT = 0;
    public static final int VRRP_SCRIPT_RISE = 1;
    public static final int VRRP_SCRIPT_FALL = 1;
}
