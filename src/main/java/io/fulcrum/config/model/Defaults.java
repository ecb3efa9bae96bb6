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

    // ===== LVS / checkers (keepalived check_data.c alloc_vs/alloc_rs, check_api.c queue_checker, per-kind) =====

    /** {@code lvs_sched} when missing (keepalived warns "no scheduler set, setting default 'wlc'"). */
    public static final Scheduler LVS_SCHEDULER = Scheduler.WLC;
    /** {@code lvs_method} when missing (keepalived warns "no forwarding method set, setting default NAT"). */
    public static final Forwarding LVS_FORWARDING = new Forwarding.Nat();
    /** {@code protocol} when missing on an address service: the kernel's default, reported as an error. */
    public static final Protocol LVS_PROTOCOL = Protocol.UDP;
    /** {@code persistence_timeout} with no value, and what keepalived forces for a zero port (IPVS_SVC_PERSISTENT_TIMEOUT). */
    public static final int PERSISTENCE_TIMEOUT = 360;
    /** Largest persistence_timeout (LVS_MAX_TIMEOUT, 31 days). */
    public static final int PERSISTENCE_TIMEOUT_MAX = 2_678_400;
    /** Longest persistence engine name (IP_VS_PENAME_MAXLEN - 1). */
    public static final int PERSISTENCE_ENGINE_MAX_LENGTH = 15;
    /** Largest IPVS weight keepalived accepts (IPVS_WEIGHT_LIMIT = INT_MAX). */
    public static final int WEIGHT_LIMIT = Integer.MAX_VALUE;
    /** Default real server weight, and the virtual server's {@code weight} default. */
    public static final int RS_WEIGHT = 1;
    public static final long QUORUM = 1;
    public static final long HYSTERESIS = 0;
    /** Checker polling interval (KEEPALIVED_DEFAULT_DELAY). */
    public static final Duration DELAY_LOOP = Duration.ofSeconds(60);
    /** Checker connection timeout. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Retries of a failing checker that is up, for every kind but DNS_CHECK and MISC_CHECK. */
    public static final long CHECKER_RETRY = 1;
    public static final long DNS_CHECK_RETRY = 3;
    public static final long MISC_CHECK_RETRY = 0;
    /** Delay between retries, for every kind but HTTP_GET/SSL_GET (3 s) and DNS_CHECK (= delay_loop). */
    public static final Duration CHECKER_DELAY_BEFORE_RETRY = Duration.ofSeconds(1);
    public static final Duration HTTP_DELAY_BEFORE_RETRY = Duration.ofSeconds(3);
    /** Accepted HTTP status codes of a url without status_code (HTTP_DEFAULT_STATUS_CODE_MIN..MAX). */
    public static final int HTTP_STATUS_DEFAULT_MIN = 200;
    public static final int HTTP_STATUS_DEFAULT_MAX = 299;
    /** Status codes status_code accepts (HTTP_STATUS_CODE_MIN..MAX). */
    public static final int HTTP_STATUS_MIN = 100;
    public static final int HTTP_STATUS_MAX = 599;
    public static final HttpProtocol HTTP_PROTOCOL = HttpProtocol.HTTP_1_0;
    /** SMTP_CHECK helo_name when missing (SMTP_DEFAULT_HELO). */
    public static final String SMTP_HELO_NAME = "smtpchecker.keepalived.org";
    public static final DnsType DNS_TYPE = DnsType.SOA;
    public static final String DNS_NAME = ".";
    public static final int UDP_MIN_REPLY_LENGTH = 0;
    public static final int UDP_MAX_REPLY_LENGTH = 255;

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
