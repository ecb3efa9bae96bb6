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

    // ---------------------------------------------------------------------------------------------------------
    // VRRP and global_defs (keepalived's vrrp.h, global_data.c, vrrp_data.c, bfd.h)
    // ---------------------------------------------------------------------------------------------------------

    /** vrrp_instance priority when neither priority nor state MASTER is given. */
    public static final int VRRP_PRIORITY = 100;
    /** The address owner's priority (state MASTER without a priority derives it). */
    public static final int VRRP_PRIORITY_OWNER = 255;
    public static final Duration VRRP_ADVERT_INTERVAL = Duration.ofSeconds(1);
    public static final int VRRP_VERSION = 2;
    public static final String VRRP_MCAST_GROUP4 = "224.0.0.18";
    public static final String VRRP_MCAST_GROUP6 = "ff02::12";
    /** Interface for static addresses (and VIPs of an instance without one) when none is named. */
    public static final String DEFAULT_INTERFACE = "eth0";
    public static final int VRRP_DOWN_TIMER_ADVERTS = 3;
    public static final int VRRP_UNICAST_TTL = 255;
    /** preempt_delay upper bound, seconds (TIMER_MAX_SEC). */
    public static final int VRRP_PREEMPT_DELAY_MAX_SECONDS = 1000;
    /** timer_expired_backup without a value: the highest priority another router may have. */
    public static final int VRRP_TIMER_EXPIRED_BACKUP_PRIORITY = 254;
    public static final Duration GARP_MASTER_DELAY = Duration.ofSeconds(5);
    public static final int GARP_MASTER_REPEAT = 5;
    public static final Duration GARP_MASTER_REFRESH = Duration.ZERO;
    public static final int GARP_MASTER_REFRESH_REPEAT = 1;
    public static final Duration GARP_INTERVAL = Duration.ZERO;
    public static final Duration GNA_INTERVAL = Duration.ZERO;
    public static final int SMTP_PORT = 25;
    public static final Duration SMTP_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration STARTUP_SCRIPT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration SHUTDOWN_SCRIPT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration VRRP_STARTUP_DELAY = Duration.ZERO;
    public static final Duration VRRP_DELAY_AFTER_BOOT = Duration.ZERO;
    public static final int JSON_VERSION = 1;
    /** reload_check_config without a log file. */
    public static final String RELOAD_CHECK_CONFIG_LOG = "/dev/null";
    public static final int LVS_SYNCD_PORT = 8848;
    public static final String LVS_SYNCD_GROUP = "224.0.0.81";
    public static final int TRACK_FILE_WEIGHT = 1;
    public static final int TRACK_PROCESS_WEIGHT = 1;
    public static final int TRACK_PROCESS_QUORUM = 1;
    public static final Duration BFD_MIN_RX = Duration.ofMillis(10);
    public static final Duration BFD_MIN_TX = Duration.ofMillis(10);
    public static final Duration BFD_IDLE_TX = Duration.ofMillis(1000);
    public static final int BFD_MULTIPLIER = 5;
    public static final int BFD_TTL = 255;
    public static final int BFD_HOPLIMIT = 64;
    public static final int BFD_MAX_HOPS = 0;
    public static final int BFD_WEIGHT = 0;
}
