package io.fulcrum.config;

import io.fulcrum.config.model.GlobalDefs;
import io.fulcrum.config.model.IpAddressSpec;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.NotifyScripts;
import io.fulcrum.config.model.Tracked;
import io.fulcrum.config.model.Trackers;
import io.fulcrum.config.model.VrrpInstance;
import io.fulcrum.config.model.VrrpSyncGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Writes vrrp_sync_group and vrrp_instance blocks: every keyword with its effective value, in a fixed order. */
final class VrrpDump {

    private VrrpDump() {
    }

    static void syncGroups(KeepalivedConfig c, DumpWriter w) {
        for (VrrpSyncGroup g : c.syncGroups()) {
            w.open("vrrp_sync_group", g.name());
            w.open("group");
            g.members().forEach(m -> w.words(List.of(m)));
            w.close();
            trackers(c, g.trackers(), w);
            notify(g.notifyScripts(), w);
            w.line("smtp_alert", g.smtpAlert());
            w.flag("sync_group_tracking_weight", g.trackingWeight());
            w.line("notify_priority_changes", g.notifyPriorityChanges());
            w.close();
        }
    }

    static void instances(KeepalivedConfig c, DumpWriter w) {
        for (VrrpInstance i : c.vrrpInstances()) {
            w.open("vrrp_instance", i.name());
            w.line("state", i.state().name());
            i.interfaceName().ifPresent(n -> w.line("interface", n));
            i.vrf().ifPresent(n -> w.line("vrf", n));
            w.line("virtual_router_id", i.vrid());
            w.line("priority", i.priority());
            w.line("advert_int", i.advertInterval());
            w.line("version", i.version());
            w.flag("nopreempt", i.nopreempt());
            w.line("preempt_delay", i.preemptDelay());
            w.line("strict_mode", i.strictMode());
            i.sourceIp().ifPresent(s -> w.line(i.unicast().isUnicast() ? "unicast_src_ip" : "mcast_src_ip", s));
            i.mcastDstIp().ifPresent(s -> w.line("mcast_dst_ip", s));
            w.flag("track_src_ip", i.trackSrcIp());
            unicast(i, w);
            i.authentication().ifPresent(a -> {
                w.open("authentication");
                w.line("auth_type", a.type().name());
                w.line("auth_pass", a.password());
                w.close();
            });
            addresses(w, "virtual_ipaddress", i.virtualIpAddresses());
            addresses(w, "virtual_ipaddress_excluded", i.excludedIpAddresses());
            w.flag("no_virtual_ipaddress", i.noVirtualIpAddress());
            w.flag("promote_secondaries", i.promoteSecondaries());
            entries(w, "virtual_routes", i.virtualRoutes(), RouteWords::words);
            entries(w, "virtual_rules", i.virtualRules(), RuleEntries::words);
            trackers(c, i.trackers(), w);
            w.flag("dont_track_primary", i.dontTrackPrimary());
            i.vmac().ifPresent(v -> {
                List<Object> args = new ArrayList<>();
                v.interfaceName().ifPresent(args::add);
                v.macAddress().ifPresent(args::add);
                w.line("use_vmac", args.toArray());
                w.flag("vmac_xmit_base", v.xmitBase());
            });
            w.flag("use_vmac_addr", i.useVmacAddr());
            w.line(i.accept() ? "accept" : "no_accept");
            behaviour(i, c.globalDefs(), w);
            notify(i.notifyScripts(), w);
            w.line("notify_priority_changes", i.notifyPriorityChanges());
            w.line("smtp_alert", i.smtpAlert());
            i.timerExpiredBackup().ifPresent(p -> w.line("timer_expired_backup", p));
            w.line("debug", i.debug());
            i.kernelRxBufSize().ifPresent(n -> w.line("kernel_rx_buf_size", n));
            w.flag("linkbeat_use_polling", i.linkbeatUsePolling());
            w.close();
        }
    }

    private static void unicast(VrrpInstance i, DumpWriter w) {
        var u = i.unicast();
        if (u.isUnicast()) {
            w.open("unicast_peer");
            for (var p : u.peers()) {
                List<String> words = new ArrayList<>(List.of(p.address().toString()));
                p.minTtl().ifPresent(t -> words.addAll(List.of("min_ttl", Integer.toString(t))));
                p.maxTtl().ifPresent(t -> words.addAll(List.of("max_ttl", Integer.toString(t))));
                w.words(words);
            }
            w.close();
        }
        u.ttl().ifPresent(t -> w.line("unicast_ttl", t));
        w.flag("unicast_fault_no_peer", u.faultNoPeer());
        w.flag("check_unicast_src", u.checkSource());
        switch (u.oldChecksum()) {
            case AUTO -> { }
            case ALWAYS -> w.line("old_unicast_checksum");
            case NEVER -> w.line("old_unicast_checksum", "never");
        }
    }

    private static void behaviour(VrrpInstance i, GlobalDefs g2, DumpWriter w) {
        var g = i.garp();
        w.line("garp_master_delay", g.masterDelay());
        w.line("garp_master_repeat", g.masterRepeat());
        w.line("garp_lower_prio_delay", g.lowerPrioDelay());
        w.line("garp_lower_prio_repeat", g.lowerPrioRepeat());
        w.line("garp_master_refresh", g.masterRefresh());
        w.line("garp_master_refresh_repeat", g.masterRefreshRepeat());
        g.extraInterfaces().ifPresent(e -> w.line("garp_extra_if", GlobalDefsGrammar.extraIf(e)));
        var a = i.adverts();
        w.line("down_timer_adverts", a.downTimerAdverts());
        w.line("lower_prio_no_advert", a.lowerPrioNoAdvert());
        w.line("higher_prio_send_advert", a.higherPrioSendAdvert());
        // not known to keepalived 2.2.7: written only when the instance differs from what it would inherit
        if (a.ownerIgnoreAdverts() != (i.strictMode() || g2.vrrp().ownerIgnoreAdverts())) {
            w.line("owner_ignore_adverts", a.ownerIgnoreAdverts());
        }
        w.line("skip_check_adv_addr", a.skipCheckAdvAddr());
        if (a.v3ChecksumAsV2() != g2.vrrp().v3ChecksumAsV2()) {
            w.line("v3_checksum_as_v2", a.v3ChecksumAsV2());
        }
    }

    private static void addresses(DumpWriter w, String keyword, List<IpAddressSpec> list) {
        entries(w, keyword, list, AddressEntries::words);
    }

    private static <T> void entries(DumpWriter w, String keyword, List<T> list, Function<T, List<String>> words) {
        if (!list.isEmpty()) {
            w.open(keyword);
            list.forEach(x -> w.words(words.apply(x)));
            w.close();
        }
    }

    private static void notify(NotifyScripts n, DumpWriter w) {
        n.master().ifPresent(s -> w.script("notify_master", s));
        n.backup().ifPresent(s -> w.script("notify_backup", s));
        n.fault().ifPresent(s -> w.script("notify_fault", s));
        n.stop().ifPresent(s -> w.script("notify_stop", s));
        if (n.deleted().isPresent()) {
            w.script("notify_deleted", n.deleted().get());
        } else if (n.notifyDeleted()) {
            w.line("notify_deleted");
        }
        n.any().ifPresent(s -> w.script("notify", s));
        n.masterRxLowerPri().ifPresent(s -> w.script("notify_master_rx_lower_pri", s));
    }

    private static void trackers(KeepalivedConfig c, Trackers t, DumpWriter w) {
        tracked(w, "track_interface", t.interfaces(), x -> Optional.of(false), false);
        tracked(w, "track_script", t.scripts(), x -> c.vrrpScripts().stream().filter(s -> s.name().equals(x))
                .findFirst().map(s -> s.reverse()), true);
        tracked(w, "track_file", t.files(), x -> c.trackFiles().stream().filter(s -> s.name().equals(x))
                .findFirst().map(s -> s.reverse()), true);
        tracked(w, "track_process", t.processes(), x -> c.trackProcesses().stream().filter(s -> s.name().equals(x))
                .findFirst().map(s -> s.reverse()), true);
        tracked(w, "track_bfd", t.bfds(), x -> c.bfdInstances().stream().filter(s -> s.name().equals(x))
                .findFirst().map(s -> s.reverse()), true);
    }

    /** {@code NAME weight W [reverse|noreverse]}: noreverse only where the tracked block says reverse. */
    private static void tracked(DumpWriter w, String keyword, List<Tracked> list,
            Function<String, Optional<Boolean>> blockReverse, boolean noreverse) {
        if (list.isEmpty()) {
            return;
        }
        w.open(keyword);
        for (Tracked x : list) {
            List<String> words = new ArrayList<>(List.of(x.name(), "weight", Integer.toString(x.weight())));
            if (x.reverse()) {
                words.add("reverse");
            } else if (noreverse && blockReverse.apply(x.name()).orElse(false)) {
                words.add("noreverse");
            }
            w.words(words);
        }
        w.close();
    }

}
