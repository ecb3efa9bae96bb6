package io.fulcrum.config;

import io.fulcrum.config.model.IpFamily;
import io.fulcrum.config.model.LvsSyncDaemon;
import io.fulcrum.config.model.OldUnicastChecksum;
import io.fulcrum.config.model.Defaults;
import io.fulcrum.common.IpAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The behaviour keywords of {@code vrrp_instance}: trackers, notify scripts, gratuitous ARP, advert handling,
 * VMAC, accept mode, and the deprecated ones.
 */
final class VrrpInstanceOptions {

    private VrrpInstanceOptions() {
    }

    static void add(BlockGrammar<VrrpInstanceBuilder> g) {
        TrackerGrammar.addTo(g, b -> b.trackers);
        g.add("dont_track_primary", "dont_track_primary", "Ignore faults of the instance's own interface.",
            (a, b) -> b.dontTrackPrimary = Readers.set(a));
        NotifyKeywords.add(g, b -> b.notify, true);
        g.add("notify_priority_changes", "notify_priority_changes [<BOOL>]",
                "Write priority changes to the notify FIFOs [sync group's, else vrrp_notify_priority_changes].",
                (a, b) -> bool(a, b, "notify_priority_changes").ifPresent(v -> b.notifyPriorityChanges = Optional.of(v)))
            .add("smtp_alert", "smtp_alert [<BOOL>]", "E-mail on state changes [smtp_alert_vrrp / smtp_alert].",
                (a, b) -> {
                    a.arity(0, 1);
                    Optional<Boolean> v = parse(a);
                    if (v.isEmpty()) {
                        a.errorAt(a.token(0), "Invalid vrrp_instance smtp_alert parameter " + a.text(0));
                    } else {
                        b.smtpAlert = v;
                    }
                });
        garp(g);
        adverts(g);
        addresses(g);
        vmac(g);
        deprecatedAndMisc(g);
        lvsSyncDaemonInterface(g);
    }

    /** keepalived's check_true_false on the optional argument: absent is true, invalid is empty. */
    static Optional<Boolean> parse(Args a) {
        if (!a.has(0)) {
            return Optional.of(true);
        }
        return switch (a.text(0).toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true", "yes" -> Optional.of(true);
            case "off", "false", "no" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** A [<BOOL>] keyword with keepalived's "(VI) invalid KEYWORD VALUE specified". */
    static Optional<Boolean> bool(Args a, VrrpInstanceBuilder b, String kw) {
        a.arity(0, 1);
        Optional<Boolean> v = parse(a);
        if (v.isEmpty()) {
            a.errorAt(a.token(0), b.label + " invalid " + kw + " " + a.text(0) + " specified");
        }
        return v;
    }

    private static OptionalLong unsigned(Args a, VrrpInstanceBuilder b, long max, String message) {
        a.arity(1, 1);
        if (!a.has(0) || !a.text(0).matches("[0-9]{1,10}") || Long.parseLong(a.text(0)) > max) {
            a.error(b.label + message.replace("%s", a.has(0) ? a.text(0) : ""));
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(a.text(0)));
    }

    private static void garp(BlockGrammar<VrrpInstanceBuilder> g) {
        long maxSecs = 0xFFFF_FFFFL / 1_000_000L;
        g.add("garp_master_delay", "garp_master_delay SECONDS", "Delay of the second GARP burst [vrrp_garp_master_delay].",
                (a, b) -> unsigned(a, b, maxSecs, ": garp_master_delay '%s' invalid - ignoring")
                    .ifPresent(v -> b.garpMasterDelay = Optional.of(Duration.ofSeconds(v))))
            .add("garp_master_repeat", "garp_master_repeat N", "GARPs per VIP in a burst [vrrp_garp_master_repeat].",
                (a, b) -> unsigned(a, b, 0xFFFF_FFFFL, ": garp_master_repeat '%s' invalid - ignoring").ifPresent(v -> {
                    if (v == 0) {
                        a.warning(b.label + ": garp_master_repeat must be greater than 0, setting to 1");
                    }
                    b.garpMasterRepeat = OptionalInt.of((int) Math.max(1, Math.min(v, Integer.MAX_VALUE)));
                }))
            .add("garp_lower_prio_delay", "garp_lower_prio_delay SECONDS",
                "Delay of the second burst after a lower-priority advert [vrrp_garp_lower_prio_delay].",
                (a, b) -> unsigned(a, b, maxSecs, ": garp_lower_prio_delay '%s' invalid - ignoring")
                    .ifPresent(v -> b.garpLowerPrioDelay = Optional.of(Duration.ofSeconds(v))))
            .add("garp_lower_prio_repeat", "garp_lower_prio_repeat N",
                "GARPs per VIP after a lower-priority advert [vrrp_garp_lower_prio_repeat].",
                (a, b) -> unsigned(a, b, Integer.MAX_VALUE, ": Invalid garp_lower_prio_repeat '%s'")
                    .ifPresent(v -> b.garpLowerPrioRepeat = OptionalInt.of((int) v)))
            .add("garp_master_refresh", "garp_master_refresh SECONDS",
                "Interval of GARP refreshes while MASTER; 0 = none [vrrp_garp_master_refresh].",
                (a, b) -> unsigned(a, b, 0xFFFF_FFFFL, ": Invalid garp_master_refresh '%s' - ignoring")
                    .ifPresent(v -> b.garpMasterRefresh = Optional.of(Duration.ofSeconds(v))))
            .add("garp_master_refresh_repeat", "garp_master_refresh_repeat N",
                "GARPs per VIP in a refresh [vrrp_garp_master_refresh_repeat].",
                (a, b) -> unsigned(a, b, 0xFFFF_FFFFL, ": garp_master_refresh_repeat '%s' invalid - ignoring")
                    .ifPresent(v -> {
                        if (v == 0) {
                            a.warning(b.label + ": garp_master_refresh_repeat must be greater than 0, setting to 1");
                        }
                        b.garpMasterRefreshRepeat = OptionalInt.of((int) Math.max(1, Math.min(v, Integer.MAX_VALUE)));
                    }))
            .add("garp_extra_if", "garp_extra_if [all] 0..86400",
                "Periodic GARPs on the VIPs' other interfaces (VMACs unless all); 0 disables [vrrp_garp_extra_if].",
                (a, b) -> GlobalDefsKeywords.extraIf(a, 0, b.label + ": ").ifPresent(e -> b.garpExtraIf = Optional.of(e)))
            .deprecated("vmac_garp_intvl", "garp_extra_if",
                "Keyword \"vmac_garp_intvl\" is deprecated - please use \"garp_extra_if\"");
    }

    private static void adverts(BlockGrammar<VrrpInstanceBuilder> g) {
        g.add("down_timer_adverts", "down_timer_adverts 1..100",
                "Adverts missed before a backup takes over [vrrp_down_timer_adverts].", (a, b) -> {
                    a.arity(1, 1);
                    Optional<Integer> v = VrrpInstanceGrammar.number(a, 1, 100);
                    if (v.isEmpty()) {
                        a.error(b.label + ": Invalid down_timer_adverts [1:100] '" + (a.has(0) ? a.text(0) : "") + "'");
                    } else {
                        b.downTimerAdverts = OptionalInt.of(v.get());
                    }
                })
            .add("lower_prio_no_advert", "lower_prio_no_advert [<BOOL>]",
                "Do not answer a lower-priority advert [vrrp_lower_prio_no_advert; on when strict].",
                (a, b) -> bool(a, b, "lower_prio_no_advert").ifPresent(v -> b.lowerPrioNoAdvert = Optional.of(v)))
            .add("higher_prio_send_advert", "higher_prio_send_advert [<BOOL>]",
                "Send an advert before yielding to a higher priority [vrrp_higher_prio_send_advert].",
                (a, b) -> bool(a, b, "higher_prio_send_advert").ifPresent(v -> b.higherPrioSendAdvert = Optional.of(v)))
            .add("owner_ignore_adverts", "owner_ignore_adverts [<BOOL>]",
                "As address owner, ignore every advert [vrrp_owner_ignore_adverts].",
                (a, b) -> bool(a, b, "owner_ignore_adverts").ifPresent(v -> b.ownerIgnoreAdverts = Optional.of(v)))
            .add("skip_check_adv_addr", "skip_check_adv_addr [<BOOL>]",
                "Do not re-check the VIPs of repeated adverts [vrrp_skip_check_adv_addr].",
                (a, b) -> bool(a, b, "skip_check_adv_addr").ifPresent(v -> b.skipCheckAdvAddr = Optional.of(v)))
            .add("strict_mode", "strict_mode [<BOOL>]", "Strict RFC compliance [vrrp_strict].",
                (a, b) -> bool(a, b, "strict_mode").ifPresent(v -> b.strict = Optional.of(v)))
            .add("v3_checksum_as_v2", "v3_checksum_as_v2 [<BOOL>]",
                "VRRPv3 IPv4 checksum without the pseudo-header [v3_checksum_as_v2].",
                (a, b) -> bool(a, b, "v3_checksum_as_v2").ifPresent(v -> b.v3ChecksumAsV2 = Optional.of(v)))
            .add("old_unicast_checksum", "old_unicast_checksum [never]",
                "Use keepalived <= 1.3.6's VRRPv3 unicast checksum; never: do not detect it.", (a, b) -> {
                    a.arity(0, 1);
                    if (!a.has(0)) {
                        b.oldChecksum = OldUnicastChecksum.ALWAYS;
                    } else if (a.text(0).equals("never")) {
                        b.oldChecksum = OldUnicastChecksum.NEVER;
                    } else {
                        a.errorAt(a.token(0), b.label + " Unknown old_unicast_chksum mode " + a.text(0) + " - ignoring");
                    }
                })
            .add("accept", "accept", "Accept packets to the VIPs when not the address owner [on unless strict].",
                (a, b) -> b.accept = Optional.of(Readers.set(a)))
            .add("no_accept", "no_accept", "Drop packets to the VIPs unless the address owner.",
                (a, b) -> b.accept = Optional.of(!Readers.set(a)))
            .add("timer_expired_backup", "timer_expired_backup [1..254]",
                "With nopreempt, return to BACKUP if timers were missed and a router of this priority may have "
                    + "taken over (keepalived 2.2.8; read, not acted on) [254].", (a, b) -> {
                    a.arity(0, 1);
                    if (!a.has(0)) {
                        b.timerExpiredBackup = OptionalInt.of(Defaults.VRRP_TIMER_EXPIRED_BACKUP_PRIORITY);
                        return;
                    }
                    Optional<Integer> v = VrrpInstanceGrammar.number(a, 1, 254);
                    if (v.isEmpty()) {
                        a.errorAt(a.token(0), b.label
                                + " timer_expired_backup highest_other_priority not valid! must be between 1 & 254");
                    } else {
                        b.timerExpiredBackup = OptionalInt.of(v.get());
                    }
                })
            .deprecated("thread_timer_expired", "timer_expired_backup",
                "'thread_timer_expired' is deprecated - please use 'timer_expired_backup'");
    }

    private static void addresses(BlockGrammar<VrrpInstanceBuilder> g) {
        g.add("no_virtual_ipaddress", "no_virtual_ipaddress", "An instance without VIPs is intended.",
                (a, b) -> b.noVirtualIpAddress = Readers.set(a))
            .add("promote_secondaries", "promote_secondaries",
                "Set promote_secondaries on the interface so removing one VIP keeps the others.",
                (a, b) -> b.promoteSecondaries = Readers.set(a));
    }

    private static void vmac(BlockGrammar<VrrpInstanceBuilder> g) {
        g.add("use_vmac", "use_vmac [[name] IFNAME] [MAC]",
                "Put the VIPs on a macvlan with the VRRP virtual MAC [vrrp.VRID].", VrrpInstanceOptions::useVmac)
            .add("use_vmac_addr", "use_vmac_addr", "Also create VMACs for VIPs on other interfaces.",
                (a, b) -> b.useVmacAddr = Readers.set(a))
            .add("vmac_xmit_base", "vmac_xmit_base", "Send and receive adverts on the VMAC's parent interface.",
                (a, b) -> b.vmacXmitBase = Readers.set(a))
            .unsupported("auth_hmac", "auth_hmac { key ID hex:..|file:..|STRING; active_key ID; "
                + "anti_replay time|monotonic; time_window S; mode enforce|permissive|receive-only }",
                "keepalived 2.4's HMAC-SHA256 advert trailer (not in keepalived 2.2.7).")
            .unsupported("use_ipvlan", "use_ipvlan [[name] IFNAME] [IP] [bridge|private|vepa] [group G]",
                "Put the VIPs on an L2 ipvlan interface.");
    }

    private static void useVmac(Args a, VrrpInstanceBuilder b) {
        b.useVmac = true;
        for (int i = 0; i < a.count(); i++) {
            String w = a.text(i);
            if (w.indexOf(':') >= 0) {
                if (b.vmacMac.isPresent()) {
                    a.errorAt(a.token(i), "VMAC interface address already specified");
                } else {
                    checkMac(a, i, w).ifPresent(m -> b.vmacMac = Optional.of(m));
                }
                continue;
            }
            if (w.equals("netlink_notify_msg") || w.equals("group")) {
                a.warningAt(a.token(i), "use_vmac option '" + w + "' is not supported by Fulcrum; ignored");
                i += w.equals("group") ? 1 : 0;
                continue;
            }
            if (w.equals("name")) {
                if (!a.has(i + 1)) {
                    a.errorAt(a.token(i), "use_vmac name needs an interface name");
                    continue;
                }
                w = a.text(++i);
            }
            if (b.vmacName.isPresent()) {
                a.errorAt(a.token(i), "VMAC interface name already specified");
            } else if (w.isEmpty() || w.length() >= 16 || w.equals(".") || w.equals("..")
                    || w.chars().anyMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c))) {
                a.errorAt(a.token(i), "VMAC interface name '" + w + "' too long or invalid characters - ignoring");
            } else {
                b.vmacName = Optional.of(w);
            }
        }
    }

    /** Five or six hex octets; not multicast, not the RFC VRRP MACs (the VRID can be the sixth octet). */
    private static Optional<String> checkMac(Args a, int i, String w) {
        String[] parts = w.endsWith(":") ? w.substring(0, w.length() - 1).split(":", -1) : w.split(":", -1);
        boolean ok = (parts.length == 5 || parts.length == 6);
        for (String p : parts) {
            ok &= p.matches("[0-9A-Fa-f]{1,2}");
        }
        if (!ok) {
            a.errorAt(a.token(i), "VMAC invalid MAC address " + w + " - ignored");
            return Optional.empty();
        }
        int[] o = new int[parts.length];
        for (int k = 0; k < parts.length; k++) {
            o[k] = Integer.parseInt(parts[k], 16);
        }
        if ((o[0] & 1) != 0) {
            a.errorAt(a.token(i), "VMAC MAC address is multicast " + w + " - ignoring");
            return Optional.empty();
        }
        if (o[0] == 0 && o[1] == 0 && o[2] == 0x5e && o[3] == 0 && (o[4] == 1 || o[4] == 2)) {
            a.errorAt(a.token(i), "VMAC MAC address not allowed to be RFC5798 address (" + w + ") - ignoring");
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder();
        for (int v : o) {
            sb.append(sb.length() > 0 ? ":" : "").append(String.format("%02x", v));
        }
        return Optional.of(sb.toString());
    }

    private static void deprecatedAndMisc(BlockGrammar<VrrpInstanceBuilder> g) {
        g.add("debug", "debug 0..4", "Debug level (unused by keepalived) [0].", (a, b) -> {
                a.arity(1, 1);
                Optional<Integer> v = VrrpInstanceGrammar.number(a, 0, 4);
                if (v.isEmpty()) {
                    a.error(b.label + " Debug value '" + (a.has(0) ? a.text(0) : "") + "' not valid; must be between 0-4");
                } else {
                    b.debug = v.get();
                }
            })
            .add("kernel_rx_buf_size", "kernel_rx_buf_size BYTES",
                "Receive buffer of the instance's socket [vrrp_rx_bufs_policy].",
                (a, b) -> unsigned(a, b, 0xFFFF_FFFFL, " invalid kernel_rx_buf_size specified")
                    .ifPresent(v -> b.kernelRxBufSize = OptionalLong.of(v)))
            .add("native_ipv6", "native_ipv6", "Deprecated: force IPv6 (the VIPs' family decides).", (a, b) -> {
                Readers.set(a);
                a.warning("'native_ipv6' is deprecated - the address family of the virtual addresses decides");
                if (b.family.equals(Optional.of(IpFamily.INET))) {
                    a.error(b.label + " Cannot specify native_ipv6 with IPv4 addresses");
                    return;
                }
                b.family = Optional.of(IpFamily.INET6);
                b.version = OptionalInt.of(3);
            })
            .add("linkbeat_use_polling", "linkbeat_use_polling",
                "Deprecated: poll this instance's interface (use linkbeat_interfaces).", (a, b) -> {
                    b.linkbeatUsePolling = Readers.set(a);
                    a.warning(b.label + " 'linkbeat_use_polling' in vrrp instance deprecated - use linkbeat_interfaces"
                            + " block");
                });
    }

    /** The deprecated lvs_sync_daemon_interface: sets the global lvs_sync_daemon, following this instance. */
    private static void lvsSyncDaemonInterface(BlockGrammar<VrrpInstanceBuilder> g) {
        g.add("lvs_sync_daemon_interface", "lvs_sync_daemon_interface IF",
            "Deprecated: run the IPVS sync daemon on IF following this instance (use global lvs_sync_daemon).",
            (a, b) -> {
                if (!a.arity(1, 1)) {
                    return;
                }
                a.warning(b.label + " Specifying lvs_sync_daemon_interface against a vrrp is deprecated. "
                        + "Please use global lvs_sync_daemon");
                GlobalDefsBuilder gb = GlobalDefsBuilder.of(b.cfg);
                if (gb.syncDaemon.isPresent()) {
                    a.error(b.label + " lvs_sync_daemon_interface has already been specified as "
                            + gb.syncDaemon.get().interfaceName() + " - ignoring");
                    return;
                }
                if (a.text(0).length() >= 16) {
                    a.errorAt(a.token(0), "lvs_sync_daemon interface name '" + a.text(0) + "' too long - ignoring");
                    return;
                }
                gb.syncDaemon = Optional.of(new LvsSyncDaemon(a.text(0), Optional.of(b.name), OptionalInt.empty(),
                        OptionalInt.empty(), Defaults.LVS_SYNCD_PORT, OptionalInt.empty(),
                        IpAddress.parse(Defaults.LVS_SYNCD_GROUP)));
                gb.syncDaemonAt = Optional.of(a);
            });
    }
}
