package io.fulcrum.config.model;

import io.fulcrum.common.IpAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * The VRRP protocol defaults of global_defs; every vrrp_instance starts from these.
 *
 * @param version               {@code vrrp_version} 2|3 [2; IPv6 instances always use 3]
 * @param mcastGroup4           {@code vrrp_mcast_group4} [224.0.0.18]
 * @param mcastGroup6           {@code vrrp_mcast_group6} [ff02::12]
 * @param defaultInterface      {@code default_interface} for static addresses [eth0]
 * @param checkUnicastSrc       {@code vrrp_check_unicast_src}
 * @param skipCheckAdvAddr      {@code vrrp_skip_check_adv_addr}
 * @param strict                {@code vrrp_strict}
 * @param v3ChecksumAsV2        {@code v3_checksum_as_v2}
 * @param downTimerAdverts      {@code vrrp_down_timer_adverts} 1..100 [3]
 * @param lowerPrioNoAdvert     {@code vrrp_lower_prio_no_advert} [false; strict instances true]
 * @param higherPrioSendAdvert  {@code vrrp_higher_prio_send_advert} [false]
 * @param ownerIgnoreAdverts    {@code vrrp_owner_ignore_adverts} [false]
 * @param startupDelay          {@code vrrp_startup_delay} [0]
 * @param delayAfterBoot        {@code vrrp_delay_after_boot} [0]
 * @param logUnknownVrids       {@code log_unknown_vrids}
 * @param dynamicInterfaces     {@code dynamic_interfaces [allow_if_changes]}
 * @param notifyPriorityChanges {@code vrrp_notify_priority_changes}
 */
public record VrrpDefaults(int version, IpAddress mcastGroup4, IpAddress mcastGroup6, String defaultInterface,
        boolean checkUnicastSrc, boolean skipCheckAdvAddr, boolean strict, boolean v3ChecksumAsV2,
        int downTimerAdverts, boolean lowerPrioNoAdvert, boolean higherPrioSendAdvert, boolean ownerIgnoreAdverts,
        Duration startupDelay, Duration delayAfterBoot, boolean logUnknownVrids,
        DynamicInterfaces dynamicInterfaces, boolean notifyPriorityChanges) {

    public VrrpDefaults {
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("vrrp_version must be 2 or 3");
        }
        Objects.requireNonNull(mcastGroup4, "mcastGroup4");
        Objects.requireNonNull(mcastGroup6, "mcastGroup6");
        Objects.requireNonNull(defaultInterface, "defaultInterface");
        Objects.requireNonNull(startupDelay, "startupDelay");
        Objects.requireNonNull(delayAfterBoot, "delayAfterBoot");
        Objects.requireNonNull(dynamicInterfaces, "dynamicInterfaces");
        if (!mcastGroup4.isV4() || !mcastGroup4.isMulticast()) {
            throw new IllegalArgumentException("vrrp_mcast_group4 must be an IPv4 multicast address");
        }
        if (mcastGroup6.isV4() || !mcastGroup6.isMulticast()) {
            throw new IllegalArgumentException("vrrp_mcast_group6 must be an IPv6 multicast address");
        }
        if (downTimerAdverts < 1 || downTimerAdverts > 100) {
            throw new IllegalArgumentException("vrrp_down_timer_adverts must be in [1, 100]");
        }
    }

    public static VrrpDefaults defaults() {
        return new VrrpDefaults(Defaults.VRRP_VERSION, IpAddress.parse(Defaults.VRRP_MCAST_GROUP4),
                IpAddress.parse(Defaults.VRRP_MCAST_GROUP6), Defaults.DEFAULT_INTERFACE, false, false, false, false,
                Defaults.VRRP_DOWN_TIMER_ADVERTS, false, false, false, Defaults.VRRP_STARTUP_DELAY,
                Defaults.VRRP_DELAY_AFTER_BOOT, false, DynamicInterfaces.OFF, false);
    }
}
