package io.fulcrum.config;

import static io.fulcrum.config.VrrpTestSupport.config;
import static io.fulcrum.config.VrrpTestSupport.problems;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.DynamicInterfaces;
import io.fulcrum.config.model.FlushOnStop;
import io.fulcrum.config.model.GarpExtraInterfaces;
import io.fulcrum.config.model.GlobalDefs;
import io.fulcrum.config.model.LvsSyncDaemon;
import io.fulcrum.config.model.RunAs;
import io.fulcrum.config.model.ScriptSpec;
import io.fulcrum.config.model.SmtpServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class GlobalDefsGrammarTest {

    private static GlobalDefs globals(String body) {
        return config("global_defs {\n" + body + "}\n").globalDefs();
    }

    private static List<String> globalProblems(String body) {
        return problems("global_defs {\n" + body + "}\n");
    }

    @Test
    void absentOrEmptyGlobalDefsGiveKeepalivedsDefaults() {
        assertThat(config("").globalDefs()).isEqualTo(GlobalDefs.defaults());
        assertThat(globals("")).isEqualTo(GlobalDefs.defaults());
        GlobalDefs d = GlobalDefs.defaults();
        assertThat(d.routerId()).isEmpty();
        assertThat(d.email().connectTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.email().server()).isEmpty();
        assertThat(d.email().vrrpAlertsByDefault()).isFalse();
        assertThat(d.scripts().startupScriptTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.scripts().shutdownScriptTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.vrrp().version()).isEqualTo(2);
        assertThat(d.vrrp().mcastGroup4()).isEqualTo(IpAddress.parse("224.0.0.18"));
        assertThat(d.vrrp().mcastGroup6()).isEqualTo(IpAddress.parse("ff02::12"));
        assertThat(d.vrrp().defaultInterface()).isEqualTo("eth0");
        assertThat(d.vrrp().downTimerAdverts()).isEqualTo(3);
        assertThat(d.vrrp().strict()).isFalse();
        assertThat(d.vrrp().dynamicInterfaces()).isEqualTo(DynamicInterfaces.OFF);
        assertThat(d.garp().timing().masterDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.garp().timing().masterRepeat()).isEqualTo(5);
        assertThat(d.garp().timing().lowerPrioDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.garp().timing().lowerPrioRepeat()).isEqualTo(5);
        assertThat(d.garp().timing().masterRefresh()).isEqualTo(Duration.ZERO);
        assertThat(d.garp().timing().masterRefreshRepeat()).isEqualTo(1);
        assertThat(d.garp().garpInterval()).isEqualTo(Duration.ZERO);
        assertThat(d.lvs().flushOnStop()).isEqualTo(FlushOnStop.NONE);
        assertThat(d.lvs().timeouts().isEmpty()).isTrue();
        assertThat(d.files().jsonVersion()).isEqualTo(1);
        assertThat(d.files().reloadCheckConfig()).isEmpty();
    }

    @Test
    void defaultsDumpWithEveryEffectiveValueKeywordsUnknownToKeepalived227OnlyWhenSet() {
        assertThat(ConfigDumper.dump(config(""))).isEqualTo("""
                global_defs {
                    smtp_connect_timeout 30
                    no_checker_emails false
                    checker_log_all_failures false
                    startup_script_timeout 10
                    shutdown_script_timeout 10
                    vrrp_version 2
                    vrrp_mcast_group4 224.0.0.18
                    vrrp_mcast_group6 ff02::12
                    default_interface eth0
                    vrrp_down_timer_adverts 3
                    vrrp_lower_prio_no_advert false
                    vrrp_higher_prio_send_advert false
                    vrrp_startup_delay 0
                    vrrp_notify_priority_changes false
                    vrrp_garp_master_delay 5
                    vrrp_garp_master_repeat 5
                    vrrp_garp_lower_prio_delay 5
                    vrrp_garp_lower_prio_repeat 5
                    vrrp_garp_master_refresh 0
                    vrrp_garp_master_refresh_repeat 1
                    vrrp_garp_interval 0
                    vrrp_gna_interval 0
                }
                """);
    }

    @Test
    void identityEmailAndScripts() {
        GlobalDefs g = globals("""
                router_id node1
                notification_email {
                    a@example.com b@example.com
                    "Ops <ops@example.com>"
                }
                notification_email_from ka@example.com
                smtp_server 10.0.0.25
                smtp_helo_name me.example.com
                smtp_connect_timeout 12
                smtp_alert off
                smtp_alert_checker
                no_email_faults
                checker_log_all_failures no
                startup_script "/bin/start arg" user:grp
                startup_script_timeout 1000
                script_user nobody :nogroup
                enable_script_security
                """);
        assertThat(g.routerId()).contains("node1");
        assertThat(g.email().recipients()).containsExactly("a@example.com", "b@example.com", "Ops <ops@example.com>");
        assertThat(g.email().server()).contains(new SmtpServer("10.0.0.25", 25));
        assertThat(g.email().connectTimeout()).isEqualTo(Duration.ofSeconds(12));
        assertThat(g.email().smtpAlert()).contains(false);
        assertThat(g.email().smtpAlertVrrp()).isEmpty();
        assertThat(g.email().vrrpAlertsByDefault()).isFalse();
        assertThat(g.email().checkerAlertsByDefault()).isTrue();
        assertThat(g.email().noEmailFaults()).isTrue();
        assertThat(g.email().checkerLogAllFailures()).isFalse();
        assertThat(g.scripts().startupScript())
                .contains(new ScriptSpec(List.of("/bin/start", "arg"), Optional.of("user"), Optional.of("grp")));
        assertThat(g.scripts().startupScriptTimeout()).isEqualTo(Duration.ofSeconds(1000));
        assertThat(g.scripts().scriptUser()).contains(new RunAs("nobody", Optional.of("nogroup")));
        assertThat(g.scripts().enableScriptSecurity()).isTrue();
    }

    @Test
    void vrrpAndGarpDefaults() {
        GlobalDefs g = globals("""
                vrrp_version 3
                vrrp_mcast_group4 224.1.100.88
                vrrp_mcast_group6 ff02::99
                default_interface bond0
                vrrp_strict
                vrrp_down_timer_adverts 7
                vrrp_startup_delay 1.5
                dynamic_interfaces
                vrrp_garp_master_delay 9
                vrrp_garp_master_repeat 2
                vrrp_garp_interval 0.001
                vrrp_garp_extra_if 300
                """);
        assertThat(g.vrrp().version()).isEqualTo(3);
        assertThat(g.vrrp().mcastGroup4()).isEqualTo(IpAddress.parse("224.1.100.88"));
        assertThat(g.vrrp().mcastGroup6()).isEqualTo(IpAddress.parse("ff02::99"));
        assertThat(g.vrrp().defaultInterface()).isEqualTo("bond0");
        assertThat(g.vrrp().strict()).isTrue();
        assertThat(g.vrrp().downTimerAdverts()).isEqualTo(7);
        assertThat(g.vrrp().startupDelay()).isEqualTo(Duration.ofMillis(1500));
        assertThat(g.vrrp().dynamicInterfaces()).isEqualTo(DynamicInterfaces.ON);
        assertThat(g.garp().timing().masterDelay()).isEqualTo(Duration.ofSeconds(9));
        assertThat(g.garp().timing().lowerPrioDelay()).as("follows the master delay").isEqualTo(Duration.ofSeconds(9));
        assertThat(g.garp().timing().lowerPrioRepeat()).as("follows the master repeat").isEqualTo(2);
        assertThat(g.garp().garpInterval()).isEqualTo(Duration.ofMillis(1));
        assertThat(g.garp().timing().extraInterfaces())
                .contains(new GarpExtraInterfaces(Duration.ofSeconds(300), false));
    }

    @Test
    void lowerPriorityGarpDefaultsAreSettledAfterEveryGlobalDefsBlock() {
        GlobalDefs g = config("""
                global_defs {
                    vrrp_garp_master_delay 9
                }
                global_defs {
                    vrrp_garp_master_delay 11
                    router_id second
                }
                """).globalDefs();
        assertThat(g.garp().timing().lowerPrioDelay()).isEqualTo(Duration.ofSeconds(11));
        assertThat(g.routerId()).contains("second");
    }

    @Test
    void minGarpOnlyChangesValuesStillAtTheirDefaults() {
        GlobalDefs g = globals("vrrp_min_garp\n");
        assertThat(g.garp().timing().masterRepeat()).isEqualTo(1);
        assertThat(g.garp().timing().masterDelay()).isEqualTo(Duration.ZERO);
        GlobalDefs kept = globals("vrrp_garp_master_repeat 3\nvrrp_min_garp\n");
        assertThat(kept.garp().timing().masterRepeat()).isEqualTo(3);
        assertThat(globals("vrrp_min_garp off\n")).isEqualTo(GlobalDefs.defaults());
    }

    private static final String VI_1 = "vrrp_instance VI_1 {\ninterface eth0\nvirtual_router_id 9\n"
            + "virtual_ipaddress {\n10.0.0.1\n}\n}\n";

    @Test
    void lvsSyncDaemonFollowsAnExistingInstanceWhoseVridIsTheDefaultSyncId() {
        GlobalDefs g = config("global_defs {\nlvs_sync_daemon eth1 inst VI_1\n}\n" + VI_1).globalDefs();
        assertThat(g.lvs().syncDaemon().orElseThrow().syncId()).hasValue(9);
        assertThat(problems("global_defs {\nlvs_sync_daemon eth1 inst VI_9\n}\n" + VI_1)).containsExactly(
                "2:1: warning: vrrp instance VI_9 for lvs_sync_daemon not found - ignoring lvs_sync_daemon");
        assertThat(config("global_defs {\nlvs_sync_daemon eth1 inst VI_9\n}\n").globalDefs().lvs().syncDaemon())
                .isEmpty();
        GlobalDefs free = config("global_defs {\nlvs_sync_daemon eth1\n}\n").globalDefs();
        assertThat(free.lvs().syncDaemon().orElseThrow().syncId()).as("no instance: kernel default").isEmpty();
    }

    @Test
    void fifosLvsAndFiles() {
        GlobalDefs g = config("global_defs {\n" + """
                notify_fifo /run/f root
                notify_fifo_script /bin/reader
                vrrp_notify_fifo /run/v
                fifo_write_vrrp_states_on_reload
                vrrp_notify_priority_changes
                lvs_sync_daemon eth1 VI_1 5
                lvs_timeouts udp 30 tcp 600
                lvs_flush
                lvs_flush_on_stop
                rs_init_notifies
                json_version 2
                reload_check_config
                random_seed 4294967295
                """ + "}\n" + VI_1).globalDefs();
        assertThat(g.fifos().all().orElseThrow().path()).isEqualTo("/run/f");
        assertThat(g.fifos().all().orElseThrow().owner()).contains(new RunAs("root", Optional.empty()));
        assertThat(g.fifos().all().orElseThrow().script().orElseThrow().program()).isEqualTo("/bin/reader");
        assertThat(g.fifos().vrrp().orElseThrow().path()).isEqualTo("/run/v");
        assertThat(g.fifos().lvs()).isEmpty();
        assertThat(g.fifos().writeVrrpStatesOnReload()).isTrue();
        assertThat(g.vrrp().notifyPriorityChanges()).isTrue();
        assertThat(g.lvs().syncDaemon()).contains(new LvsSyncDaemon("eth1", Optional.of("VI_1"), OptionalInt.of(5),
                OptionalInt.empty(), 8848, OptionalInt.empty(), IpAddress.parse("224.0.0.81")));
        assertThat(g.lvs().timeouts().tcp()).hasValue(600);
        assertThat(g.lvs().timeouts().tcpFin()).isEmpty();
        assertThat(g.lvs().timeouts().udp()).hasValue(30);
        assertThat(g.lvs().flush()).isTrue();
        assertThat(g.lvs().flushOnStop()).isEqualTo(FlushOnStop.FULL);
        assertThat(g.lvs().rsInitNotifies()).isTrue();
        assertThat(g.files().jsonVersion()).isEqualTo(2);
        assertThat(g.files().reloadCheckConfig()).contains("/dev/null");
        assertThat(g.files().randomSeed()).isEqualTo(OptionalLong.of(4294967295L));
        assertThat(problems("global_defs {\nlvs_sync_daemon eth1 VI_1 5\n}\n" + VI_1))
                .containsExactly("2:27: warning: Please use keyword \"id\" before lvs_sync_daemon SYNCID");
    }

    @Test
    void rangeAndValueErrorsAreReportedAndTheValueIgnored() {
        assertThat(globalProblems("""
                vrrp_version 4
                startup_script_timeout 0
                vrrp_down_timer_adverts 101
                smtp_server 10.0.0.1 70000
                vrrp_mcast_group4 10.0.0.1
                vrrp_mcast_group6 224.0.0.18
                json_version 3
                lvs_sync_daemon eth0 ttl 0 group 10.1.1.1 bogus
                lvs_timeouts tcp
                dynamic_interfaces sometimes
                lvs_flush_on_stop ALL
                random_seed -1
                vrrp_garp_extra_if 0
                smtp_alert maybe
                """)).containsExactly(
                "2:14: error: VRRP Error: Version must be either 2 or 3",
                "3:1: error: startup_script_timeout '0' must be in [1, 1000] - ignoring",
                "4:25: error: 'vrrp_down_timer_adverts': 101 is out of range (expected 1..100)",
                "5:22: error: 'smtp_server': 70000 is out of range (expected 1..65535)",
                "6:19: error: vrrp_mcast_group4 [10.0.0.1] is not multicast. Skipping",
                "7:19: error: vrrp_mcast_group6 [224.0.0.18] is not IPv6. Skipping",
                "8:14: error: 'json_version': 3 is out of range (expected 1..2)",
                "9:26: error: Invalid lvs_sync_daemon ttl (0) - ignoring",
                "9:34: error: lvs_sync_daemon group address 10.1.1.1 is not multicast - ignoring",
                "9:43: error: Unknown option bogus specified for lvs_sync_daemon",
                "10:1: error: lvs_timeouts requires at least one option",
                "11:20: error: Unknown dynamic_interfaces option 'sometimes'",
                "12:19: error: Unknown lvs_flush_on_stop type ALL",
                "13:1: error: random_seed -1 invalid",
                "14:20: error: vrrp_garp_extra_if '0' invalid - ignoring",
                "15:12: error: Invalid value 'maybe' for global smtp_alert specified");
        GlobalDefs g = globals("vrrp_version 4\njson_version 3\n");
        assertThat(g.vrrp().version()).isEqualTo(2);
        assertThat(g.files().jsonVersion()).isEqualTo(1);
    }

    @Test
    void zeroRepeatsAndTimeoutsBecomeOneWithKeepalivedsWarning() {
        assertThat(globalProblems("vrrp_garp_master_repeat 0\nsmtp_connect_timeout 0\n")).containsExactly(
                "2:1: warning: vrrp_garp_master_repeat must be greater than 0, setting to 1",
                "3:1: warning: smtp_connect_timeout must be greater than 0, setting to 1");
        GlobalDefs g = globals("vrrp_garp_master_repeat 0\nsmtp_connect_timeout 0\n");
        assertThat(g.garp().timing().masterRepeat()).isEqualTo(1);
        assertThat(g.email().connectTimeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void bareFlagsTakeNoValue() {
        assertThat(globalProblems("vrrp_strict off\n"))
                .containsExactly("2:13: warning: 'vrrp_strict' takes no arguments; ignoring 'off'");
        assertThat(globals("vrrp_strict off\n").vrrp().strict()).as("keepalived ignores the word too").isTrue();
    }

    @Test
    void duplicatesKeepTheFirst() {
        assertThat(globalProblems("""
                notify_fifo /a
                notify_fifo /b
                startup_script /x
                startup_script /y
                lvs_sync_daemon eth0
                lvs_sync_daemon eth1
                """)).containsExactly(
                "3:1: error: notify_fifo already specified - ignoring /b",
                "5:1: error: startup script already specified",
                "7:1: error: lvs_sync_daemon has already been specified as eth0 - ignoring");
    }

    @Test
    void aFifoScriptWithoutItsFifoIsReportedAtTheEnd() {
        assertThat(globalProblems("vrrp_notify_fifo_script /bin/r\n"))
                .containsExactly("2:1: warning: vrrp_notify_fifo_script given without vrrp_notify_fifo - ignoring it");
        assertThat(globals("vrrp_notify_fifo_script /bin/r\n").fifos().vrrp()).isEmpty();
    }

    @Test
    void deprecatedNamesWorkWithKeepalivedsWarning() {
        assertThat(globalProblems("""
                lvs_flush_onstop VS
                vrrp_vmac_garp_intvl all 60
                vrrp_rlimit_rtime 5000
                lvs_process_name lvs
                enable_snmp_keepalived
                """)).containsExactly(
                "2:1: warning: 'lvs_flush_onstop' is deprecated - please use 'lvs_flush_on_stop'",
                "3:1: warning: Keyword \"vrrp_vmac_garp_intvl\" is deprecated - please use \"vrrp_garp_extra_if\"",
                "4:1: warning: Keyword 'vrrp_rlimit_rtime' is deprecated - please use 'vrrp_rlimit_rttime'",
                "4:1: warning: 'vrrp_rlimit_rttime' is recognised but not supported by Fulcrum; ignored",
                "5:1: warning: 'lvs_process_name' is deprecated - please use 'checker_process_name'",
                "5:1: warning: 'checker_process_name' is recognised but not supported by Fulcrum; ignored",
                "6:1: warning: 'enable_snmp_keepalived' is deprecated - please use 'enable_snmp_vrrp'",
                "6:1: warning: 'enable_snmp_vrrp' is recognised but not supported by Fulcrum; ignored");
        GlobalDefs g = globals("lvs_flush_onstop VS\nvrrp_vmac_garp_intvl all 60\n");
        assertThat(g.lvs().flushOnStop()).isEqualTo(FlushOnStop.VS);
        assertThat(g.garp().timing().extraInterfaces()).contains(new GarpExtraInterfaces(Duration.ofSeconds(60), true));
    }

    @Test
    void lvsIdIsRemoved() {
        assertThat(globalProblems("lvs_id director1\n"))
                .containsExactly("2:1: error: unknown keyword 'lvs_id': lvs_id was replaced by router_id");
    }

    @Test
    void unsupportedKeywordsAreRecognisedAndIgnoredWithTheirBlocks() {
        assertThat(globalProblems("""
                vrrp_ipsets keepalived
                nftables_ipvs
                snmp_socket tcp:localhost:705
                enable_dbus
                umask 0022
                vrrp_rx_bufs_policy MTU
                vrrp_netlink_cmd_rcv_bufs_force
                include_check readable
                """)).containsExactly(
                "2:1: warning: 'vrrp_ipsets' is recognised but not supported by Fulcrum; ignored",
                "3:1: warning: 'nftables_ipvs' is recognised but not supported by Fulcrum; ignored",
                "4:1: warning: 'snmp_socket' is recognised but not supported by Fulcrum; ignored",
                "5:1: warning: 'enable_dbus' is recognised but not supported by Fulcrum; ignored",
                "6:1: warning: 'umask' is recognised but not supported by Fulcrum; ignored",
                "7:1: warning: 'vrrp_rx_bufs_policy' is recognised but not supported by Fulcrum; ignored",
                "8:1: warning: 'vrrp_netlink_cmd_rcv_bufs_force' is recognised but not supported by Fulcrum; ignored",
                "9:1: warning: 'include_check' is recognised but not supported by Fulcrum; ignored");
    }

    @Test
    void everyKeywordOfTheReferenceIsRecognised() {
        var registry = new KeywordRegistry();
        var grammar = registry.blocks().get("global_defs");
        for (String kw : List.of("router_id", "process_names", "process_name", "vrrp_process_name",
                "checker_process_name", "bfd_process_name", "use_symlink_paths", "umask", "tmp_config_directory",
                "config_save_dir", "random_seed", "startup_script", "startup_script_timeout", "shutdown_script",
                "shutdown_script_timeout", "notification_email", "notification_email_from", "smtp_server",
                "smtp_helo_name", "smtp_connect_timeout", "smtp_alert", "smtp_alert_vrrp", "smtp_alert_checker",
                "no_email_faults", "no_checker_emails", "checker_log_all_failures", "vrrp_version",
                "vrrp_mcast_group4", "vrrp_mcast_group6", "default_interface", "vrrp_check_unicast_src",
                "vrrp_skip_check_adv_addr", "vrrp_strict", "v3_checksum_as_v2", "vrrp_down_timer_adverts",
                "vrrp_lower_prio_no_advert", "vrrp_higher_prio_send_advert", "vrrp_owner_ignore_adverts",
                "vrrp_startup_delay", "vrrp_delay_after_boot", "log_unknown_vrids", "vmac_prefix",
                "vmac_addr_prefix", "dynamic_interfaces", "vrrp_garp_master_delay", "vrrp_garp_master_repeat",
                "vrrp_garp_lower_prio_delay", "vrrp_garp_lower_prio_repeat", "vrrp_garp_master_refresh",
                "vrrp_garp_master_refresh_repeat", "vrrp_garp_interval", "vrrp_gna_interval", "vrrp_min_garp",
                "vrrp_garp_extra_if", "notify_fifo", "notify_fifo_script", "vrrp_notify_fifo",
                "vrrp_notify_fifo_script", "lvs_notify_fifo", "lvs_notify_fifo_script",
                "fifo_write_vrrp_states_on_reload", "vrrp_notify_priority_changes", "script_user",
                "enable_script_security", "set_supplementary_groups", "nftables", "nftables_priority",
                "nftables_counters", "nftables_ifindex", "nftables_ipvs", "nftables_ipvs_priority",
                "nftables_ipvs_start_fwmark", "vrrp_iptables", "vrrp_ipsets", "disable_local_igmp",
                "lvs_sync_daemon", "lvs_timeouts", "lvs_flush", "lvs_flush_on_stop", "rs_init_notifies",
                "vrrp_priority", "checker_priority", "bfd_priority", "vrrp_no_swap", "checker_no_swap",
                "bfd_no_swap", "vrrp_rt_priority", "checker_rt_priority", "bfd_rt_priority", "vrrp_cpu_affinity",
                "checker_cpu_affinity", "bfd_cpu_affinity", "vrrp_rlimit_rttime", "checker_rlimit_rttime",
                "bfd_rlimit_rttime", "max_auto_priority", "min_auto_priority_delay", "vrrp_netlink_cmd_rcv_bufs",
                "vrrp_netlink_cmd_rcv_bufs_force", "vrrp_netlink_monitor_rcv_bufs",
                "vrrp_netlink_monitor_rcv_bufs_force", "lvs_netlink_cmd_rcv_bufs", "lvs_netlink_cmd_rcv_bufs_force",
                "lvs_netlink_monitor_rcv_bufs", "lvs_netlink_monitor_rcv_bufs_force", "process_monitor_rcv_bufs",
                "process_monitor_rcv_bufs_force", "vrrp_rx_bufs_policy", "vrrp_rx_bufs_multiplier", "snmp_socket",
                "enable_snmp_vrrp", "enable_snmp_checker", "enable_snmp_rfc", "enable_snmp_rfcv2",
                "enable_snmp_rfcv3", "enable_traps", "snmp_vs_stats_update_interval",
                "snmp_rs_stats_update_interval", "enable_dbus", "dbus_service_name", "dbus_no_interface_name",
                "reload_check_config", "reload_time_file", "reload_repeat", "reload_file", "data_use_instance",
                "state_dump_file", "stats_dump_file", "json_dump_file", "json_version", "include_check",
                "iproute_usr_dir", "iproute_etc_dir", "lvs_process_name", "lvs_flush_onstop", "vrrp_vmac_garp_intvl",
                "vrrp_rlimit_rtime", "checker_rlimit_rtime", "bfd_rlimit_rtime", "enable_snmp_keepalived",
                "lvs_id")) {
            assertThat(grammar.find(kw)).as(kw).isPresent();
        }
    }

    @Test
    void unknownKeywordsGetASuggestionOrTheirBlock() {
        assertThat(globalProblems("router_idd x\nvirtual_router_id 5\n")).containsExactly(
                "2:1: error: unknown keyword 'router_idd' in global_defs; did you mean 'router_id'?",
                "3:1: error: unknown keyword 'virtual_router_id' in global_defs (it belongs in vrrp_instance)");
    }
}
