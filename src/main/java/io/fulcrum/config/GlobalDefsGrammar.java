package io.fulcrum.config;

import io.fulcrum.config.model.DataFiles;
import io.fulcrum.config.model.Defaults;
import io.fulcrum.config.model.EmailSettings;
import io.fulcrum.config.model.GarpDefaults;
import io.fulcrum.config.model.GarpExtraInterfaces;
import io.fulcrum.config.model.GlobalDefs;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.LvsSettings;
import io.fulcrum.config.model.LvsSyncDaemon;
import io.fulcrum.config.model.NotifyFifo;
import io.fulcrum.config.model.RunAs;
import io.fulcrum.config.model.ScriptSettings;
import io.fulcrum.config.model.VrrpDefaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code global_defs} block (reference section 1.2): every keyword recognised, the useful ones modelled. */
final class GlobalDefsGrammar {

    private GlobalDefsGrammar() {
    }

    static final BlockGrammar<GlobalDefsBuilder> GLOBAL_DEFS = build();

    private static BlockGrammar<GlobalDefsBuilder> build() {
        BlockGrammar<GlobalDefsBuilder> g = new BlockGrammar<>("global_defs");
        GlobalDefsKeywords.add(g);
        GlobalDefsFifoLvsKeywords.add(g);
        GlobalDefsUnsupported.add(g);
        GlobalDefsWebKeywords.add(g);
        GlobalDefsNftablesKeywords.add(g);
        return g;
    }

    static void register(BlockGrammar<ConfigBuilder> root) {
        root.addBlock("global_defs", "global_defs { ... }",
            "Settings for the whole process: identity, alerts, VRRP defaults, FIFOs, IPVS. May appear more than "
                + "once; later keywords win.", GLOBAL_DEFS, (a, cfg) -> {
                a.arity(0, 0);
                a.block(GLOBAL_DEFS, GlobalDefsBuilder.of(cfg));
                cfg.globalDefsSeen = true;
            });
    }

    /**
     * Writes global_defs with every effective value, except that keywords keepalived 2.2.7 (the live peer) does
     * not know are written only when they differ from their default, so an ordinary dump loads there too.
     */
    static void dump(KeepalivedConfig config, DumpWriter w) {
        GlobalDefs g = config.globalDefs();
        w.open("global_defs");
        g.routerId().ifPresent(r -> w.line("router_id", r));
        email(g.email(), w);
        scripts(g.scripts(), w);
        vrrp(g.vrrp(), w);
        garp(g.garp(), w);
        fifo(w, "notify_fifo", g.fifos().all());
        fifo(w, "vrrp_notify_fifo", g.fifos().vrrp());
        fifo(w, "lvs_notify_fifo", g.fifos().lvs());
        w.flag("fifo_write_vrrp_states_on_reload", g.fifos().writeVrrpStatesOnReload());
        lvs(g.lvs(), w);
        files(g.files(), w);
        GlobalDefsWebKeywords.dump(g.web(), w);
        GlobalDefsNftablesKeywords.dump(g.nftables(), w);
        w.close();
    }

    private static void email(EmailSettings e, DumpWriter w) {
        if (!e.recipients().isEmpty()) {
            w.open("notification_email");
            e.recipients().forEach(r -> w.words(List.of(r)));
            w.close();
        }
        e.from().ifPresent(f -> w.line("notification_email_from", f));
        e.server().ifPresent(s -> w.line("smtp_server", s.host(), s.port()));
        e.heloName().ifPresent(h -> w.line("smtp_helo_name", h));
        w.line("smtp_connect_timeout", e.connectTimeout());
        e.smtpAlert().ifPresent(v -> w.line("smtp_alert", v));
        e.smtpAlertVrrp().ifPresent(v -> w.line("smtp_alert_vrrp", v));
        e.smtpAlertChecker().ifPresent(v -> w.line("smtp_alert_checker", v));
        w.flag("no_email_faults", e.noEmailFaults());
        w.line("no_checker_emails", e.noCheckerEmails());
        w.line("checker_log_all_failures", e.checkerLogAllFailures());
    }

    private static void scripts(ScriptSettings s, DumpWriter w) {
        s.startupScript().ifPresent(sc -> w.script("startup_script", sc));
        w.line("startup_script_timeout", s.startupScriptTimeout());
        s.shutdownScript().ifPresent(sc -> w.script("shutdown_script", sc));
        w.line("shutdown_script_timeout", s.shutdownScriptTimeout());
        s.scriptUser().ifPresent(u -> w.line("script_user", runAs(u)));
        w.flag("enable_script_security", s.enableScriptSecurity());
    }

    private static Object[] runAs(RunAs r) {
        return r.group().isPresent() ? new Object[] {r.user(), r.group().get()} : new Object[] {r.user()};
    }

    private static void vrrp(VrrpDefaults v, DumpWriter w) {
        w.line("vrrp_version", v.version());
        w.line("vrrp_mcast_group4", v.mcastGroup4());
        w.line("vrrp_mcast_group6", v.mcastGroup6());
        w.line("default_interface", v.defaultInterface());
        w.flag("vrrp_check_unicast_src", v.checkUnicastSrc());
        w.flag("vrrp_skip_check_adv_addr", v.skipCheckAdvAddr());
        w.flag("vrrp_strict", v.strict());
        w.flag("v3_checksum_as_v2", v.v3ChecksumAsV2());
        w.line("vrrp_down_timer_adverts", v.downTimerAdverts());
        w.line("vrrp_lower_prio_no_advert", v.lowerPrioNoAdvert());
        w.line("vrrp_higher_prio_send_advert", v.higherPrioSendAdvert());
        w.flag("vrrp_owner_ignore_adverts", v.ownerIgnoreAdverts());
        w.line("vrrp_startup_delay", v.startupDelay());
        if (!v.delayAfterBoot().isZero()) {
            w.line("vrrp_delay_after_boot", v.delayAfterBoot());
        }
        w.flag("log_unknown_vrids", v.logUnknownVrids());
        switch (v.dynamicInterfaces()) {
            case OFF -> { }
            case ON -> w.line("dynamic_interfaces");
            case ALLOW_IF_CHANGES -> w.line("dynamic_interfaces", "allow_if_changes");
        }
        w.line("vrrp_notify_priority_changes", v.notifyPriorityChanges());
    }

    private static void garp(GarpDefaults g, DumpWriter w) {
        var t = g.timing();
        w.line("vrrp_garp_master_delay", t.masterDelay());
        w.line("vrrp_garp_master_repeat", t.masterRepeat());
        w.line("vrrp_garp_lower_prio_delay", t.lowerPrioDelay());
        w.line("vrrp_garp_lower_prio_repeat", t.lowerPrioRepeat());
        w.line("vrrp_garp_master_refresh", t.masterRefresh());
        w.line("vrrp_garp_master_refresh_repeat", t.masterRefreshRepeat());
        w.line("vrrp_garp_interval", g.garpInterval());
        w.line("vrrp_gna_interval", g.gnaInterval());
        t.extraInterfaces().ifPresent(e -> w.line("vrrp_garp_extra_if", extraIf(e)));
    }

    static Object[] extraIf(GarpExtraInterfaces e) {
        return e.allInterfaces() ? new Object[] {"all", e.interval()} : new Object[] {e.interval()};
    }

    private static void fifo(DumpWriter w, String keyword, Optional<NotifyFifo> fifo) {
        fifo.ifPresent(f -> {
            List<Object> args = new ArrayList<>();
            args.add(f.path());
            f.owner().ifPresent(o -> args.addAll(List.of(runAs(o))));
            w.line(keyword, args.toArray());
            f.script().ifPresent(s -> w.script(keyword + "_script", s));
        });
    }

    private static void lvs(LvsSettings l, DumpWriter w) {
        l.syncDaemon().ifPresent(s -> w.line("lvs_sync_daemon", syncDaemon(s)));
        if (!l.timeouts().isEmpty()) {
            List<Object> args = new ArrayList<>();
            l.timeouts().tcp().ifPresent(v -> args.addAll(List.of("tcp", v)));
            l.timeouts().tcpFin().ifPresent(v -> args.addAll(List.of("tcpfin", v)));
            l.timeouts().udp().ifPresent(v -> args.addAll(List.of("udp", v)));
            w.line("lvs_timeouts", args.toArray());
        }
        w.flag("lvs_flush", l.flush());
        switch (l.flushOnStop()) {
            case NONE -> { }
            case FULL -> w.line("lvs_flush_on_stop");
            case VS -> w.line("lvs_flush_on_stop", "VS");
        }
        w.flag("rs_init_notifies", l.rsInitNotifies());
    }

    private static Object[] syncDaemon(LvsSyncDaemon s) {
        List<Object> args = new ArrayList<>();
        args.add(s.interfaceName());
        s.instance().ifPresent(i -> args.addAll(List.of("inst", i)));
        s.syncId().ifPresent(i -> args.addAll(List.of("id", i)));
        s.maxLen().ifPresent(i -> args.addAll(List.of("maxlen", i)));
        args.addAll(List.of("port", s.port()));
        s.ttl().ifPresent(i -> args.addAll(List.of("ttl", i)));
        args.addAll(List.of("group", s.group()));
        return args.toArray();
    }

    private static void files(DataFiles f, DumpWriter w) {
        f.stateDumpFile().ifPresent(p -> w.line("state_dump_file", p));
        f.statsDumpFile().ifPresent(p -> w.line("stats_dump_file", p));
        f.jsonDumpFile().ifPresent(p -> w.line("json_dump_file", p));
        if (f.jsonVersion() != Defaults.JSON_VERSION) {
            w.line("json_version", f.jsonVersion());
        }
        f.reloadCheckConfig().ifPresent(p -> w.line("reload_check_config", p));
        f.randomSeed().ifPresent(s -> w.line("random_seed", s));
    }

}
