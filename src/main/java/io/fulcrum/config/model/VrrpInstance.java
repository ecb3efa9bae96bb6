package io.fulcrum.config.model;

import io.fulcrum.common.IpAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A {@code vrrp_instance} block after keepalived's completion rules: every default filled from global_defs,
 * state and priority derived from each other, options that contradict the priority or strict mode cleared.
 *
 * @param name                 the block's name
 * @param state                initial state [MASTER if priority 255, else BACKUP]
 * @param priority             1..255 [255 with state MASTER and no priority, else 100]
 * @param vrid                 {@code virtual_router_id} 1..255
 * @param interfaceName        {@code interface} (may be omitted with unicast and a source address)
 * @param vrf                  {@code vrf}: the VRF of a unicast instance without an interface
 * @param family               from the VIPs / addresses [IPv4]
 * @param version              2 or 3 [vrrp_version; IPv6 forces 3]
 * @param advertInterval       {@code advert_int}: v2 whole seconds 1..255, v3 multiples of 10 ms up to 40.95 s [1 s]
 * @param nopreempt            {@code nopreempt}
 * @param preemptDelay         {@code preempt_delay} 0..1000 s [0]
 * @param sourceIp             {@code mcast_src_ip} / {@code unicast_src_ip} [the interface's primary address]
 * @param mcastDstIp           {@code mcast_dst_ip} [vrrp_mcast_group4/6]
 * @param trackSrcIp           {@code track_src_ip}: FAULT if the configured source address goes away
 * @param unicast              unicast peers and options
 * @param authentication       {@code authentication} (VRRPv2 only, not in strict mode)
 * @param virtualIpAddresses   {@code virtual_ipaddress}: advertised, all of the instance's family
 * @param excludedIpAddresses  {@code virtual_ipaddress_excluded}: not advertised, any family
 * @param noVirtualIpAddress   {@code no_virtual_ipaddress}: an instance without VIPs is intended
 * @param promoteSecondaries   {@code promote_secondaries}
 * @param virtualRoutes        {@code virtual_routes}
 * @param virtualRules         {@code virtual_rules}
 * @param trackers             what the instance tracks, weights resolved
 * @param dontTrackPrimary     {@code dont_track_primary}: ignore faults of its own interface
 * @param vmac                 {@code use_vmac} (with {@code vmac_xmit_base})
 * @param useVmacAddr          {@code use_vmac_addr}: VMACs for VIPs on other interfaces too
 * @param accept               accept mode [on, unless strict and not the address owner]
 * @param strictMode           {@code strict_mode} [vrrp_strict]
 * @param garp                 gratuitous ARP timing [the vrrp_garp_* globals]
 * @param adverts              advert behaviour [the vrrp_* globals]
 * @param notifyScripts        notify scripts
 * @param notifyPriorityChanges {@code notify_priority_changes} [sync group's, else vrrp_notify_priority_changes]
 * @param smtpAlert            {@code smtp_alert} [smtp_alert_vrrp, else smtp_alert, else off]
 * @param timerExpiredBackup   {@code timer_expired_backup [PRIO]}: go back to BACKUP after missed timers if a
 *                             router of this priority may have taken over [254 when given without a value]
 * @param debug                {@code debug} 0..4 (unused)
 * @param kernelRxBufSize      {@code kernel_rx_buf_size}: socket receive buffer [by vrrp_rx_bufs_policy]
 * @param linkbeatUsePolling   {@code linkbeat_use_polling} (deprecated here)
 */
public record VrrpInstance(String name, VrrpState state, int priority, int vrid, Optional<String> interfaceName,
        Optional<String> vrf, IpFamily family, int version, Duration advertInterval, boolean nopreempt,
        Duration preemptDelay, Optional<IpAddress> sourceIp, Optional<IpAddress> mcastDstIp, boolean trackSrcIp,
        UnicastSettings unicast, Optional<Authentication> authentication, List<IpAddressSpec> virtualIpAddresses,
        List<IpAddressSpec> excludedIpAddresses, boolean noVirtualIpAddress, boolean promoteSecondaries,
        List<RouteSpec> virtualRoutes, List<RuleSpec> virtualRules, Trackers trackers, boolean dontTrackPrimary,
        Optional<Vmac> vmac, boolean useVmacAddr, boolean accept, boolean strictMode, GarpTiming garp,
        AdvertOptions adverts, NotifyScripts notifyScripts, boolean notifyPriorityChanges, boolean smtpAlert,
        OptionalInt timerExpiredBackup, int debug, OptionalLong kernelRxBufSize, boolean linkbeatUsePolling) {

    public VrrpInstance {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(vrf, "vrf");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(advertInterval, "advertInterval");
        Objects.requireNonNull(preemptDelay, "preemptDelay");
        Objects.requireNonNull(sourceIp, "sourceIp");
        Objects.requireNonNull(mcastDstIp, "mcastDstIp");
        Objects.requireNonNull(unicast, "unicast");
        Objects.requireNonNull(authentication, "authentication");
        virtualIpAddresses = List.copyOf(virtualIpAddresses);
        excludedIpAddresses = List.copyOf(excludedIpAddresses);
        virtualRoutes = List.copyOf(virtualRoutes);
        virtualRules = List.copyOf(virtualRules);
        Objects.requireNonNull(trackers, "trackers");
        Objects.requireNonNull(vmac, "vmac");
        Objects.requireNonNull(garp, "garp");
        Objects.requireNonNull(adverts, "adverts");
        Objects.requireNonNull(notifyScripts, "notifyScripts");
        Objects.requireNonNull(timerExpiredBackup, "timerExpiredBackup");
        Objects.requireNonNull(kernelRxBufSize, "kernelRxBufSize");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a vrrp_instance needs a name");
        }
        check(vrid >= 1 && vrid <= 255, "virtual_router_id must be in [1, 255]");
        check(priority >= 1 && priority <= 255, "priority must be in [1, 255]");
        check(version == 2 || version == 3, "version must be 2 or 3");
        check(family == IpFamily.INET || version == 3, "IPv6 instances use VRRP version 3");
        check(interfaceName.isPresent() || sourceIp.isPresent(),
                "an instance needs an interface or a unicast source address");
        check(interfaceName.isEmpty() || vrf.isEmpty(), "vrf is only valid without an interface");
        long ms = advertInterval.toMillis();
        if (version == 2) {
            check(advertInterval.toNanos() % 1_000_000_000L == 0 && ms >= 1000 && ms <= 255_000,
                    "a VRRPv2 advert_int is a whole number of seconds in [1, 255]");
        } else {
            check(advertInterval.toNanos() % 10_000_000L == 0 && ms >= 10 && ms <= 40_950,
                    "a VRRPv3 advert_int is a multiple of 10 ms in [0.01, 40.95] s");
        }
        check(!nopreempt || (priority != 255 && state == VrrpState.BACKUP),
                "nopreempt needs state BACKUP and a priority below 255");
        check(!preemptDelay.isNegative() && preemptDelay.compareTo(Duration.ofSeconds(1000)) <= 0,
                "preempt_delay must be in [0, 1000] seconds");
        check(preemptDelay.isZero() || (!nopreempt && state == VrrpState.BACKUP),
                "preempt_delay needs state BACKUP and preemption");
        check(sourceIp.isEmpty() || IpFamily.of(sourceIp.get()) == family, "source address family differs");
        check(mcastDstIp.isEmpty() || (IpFamily.of(mcastDstIp.get()) == family && mcastDstIp.get().isMulticast()),
                "mcast_dst_ip must be a multicast address of the instance's family");
        check(authentication.isEmpty() || version == 2, "authentication is VRRPv2 only");
        for (IpAddressSpec vip : virtualIpAddresses) {
            check(vip.family() == family, "VIP " + vip.address() + " is not " + family.label());
        }
        for (UnicastPeer p : unicast.peers()) {
            check(IpFamily.of(p.address()) == family, "unicast peer " + p.address() + " is not " + family.label());
        }
        check(debug >= 0 && debug <= 4, "debug must be in [0, 4]");
        check(timerExpiredBackup.isEmpty()
                || (timerExpiredBackup.getAsInt() >= 1 && timerExpiredBackup.getAsInt() <= 254),
                "timer_expired_backup priority must be in [1, 254]");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Priority 255: the instance owns the addresses. */
    public boolean isAddressOwner() {
        return priority == Defaults.VRRP_PRIORITY_OWNER;
    }
}
