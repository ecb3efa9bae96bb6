package io.fulcrum.config.model;

/**
 * How an instance sends and checks adverts beyond the RFC rules (each defaults to its vrrp_* global, and is
 * forced by strict mode where the RFC says so).
 *
 * @param downTimerAdverts     {@code down_timer_adverts} 1..100 [3]
 * @param lowerPrioNoAdvert    {@code lower_prio_no_advert}: no advert in reply to a lower-priority one
 * @param higherPrioSendAdvert {@code higher_prio_send_advert}: send one advert before yielding to a higher priority
 * @param ownerIgnoreAdverts   {@code owner_ignore_adverts}: an address owner ignores every advert
 * @param skipCheckAdvAddr     {@code skip_check_adv_addr}: do not re-check the VIPs of repeated adverts
 * @param v3ChecksumAsV2       {@code v3_checksum_as_v2}: VRRPv3 IPv4 checksum without the pseudo-header
 */
public record AdvertOptions(int downTimerAdverts, boolean lowerPrioNoAdvert, boolean higherPrioSendAdvert,
        boolean ownerIgnoreAdverts, boolean skipCheckAdvAddr, boolean v3ChecksumAsV2) {

    public AdvertOptions {
        if (downTimerAdverts < 1 || downTimerAdverts > 100) {
            throw new IllegalArgumentException("down_timer_adverts must be in [1, 100]");
        }
    }
}
