package io.fulcrum.config;

/**
 * The global_defs keywords Fulcrum recognises without acting on them (keepalived's multi-process layout, kernel
 * tuning, firewall, SNMP and DBus integration), and the old names keepalived deprecated or removed.
 */
final class GlobalDefsUnsupported {

    private GlobalDefsUnsupported() {
    }

    static void add(BlockGrammar<GlobalDefsBuilder> g) {
        processes(g);
        scheduling(g);
        buffers(g);
        firewall(g);
        snmpDbus(g);
        misc(g);
        old(g);
    }

    private static void processes(BlockGrammar<GlobalDefsBuilder> g) {
        g.unsupported("process_names", "process_names", "Name keepalived's processes keepalived_vrrp etc.")
            .unsupported("process_name", "process_name NAME", "Name of the parent process.")
            .unsupported("vrrp_process_name", "vrrp_process_name NAME", "Name of the VRRP process.")
            .unsupported("checker_process_name", "checker_process_name NAME", "Name of the checker process.")
            .unsupported("bfd_process_name", "bfd_process_name NAME", "Name of the BFD process.")
            .unsupported("use_symlink_paths", "use_symlink_paths [<BOOL>]",
                "Do not resolve symbolic links in script paths.")
            .unsupported("umask", "umask NUMBER|IRUSR|IWUSR|...", "File creation mask of keepalived's processes.")
            .unsupported("tmp_config_directory", "tmp_config_directory DIR",
                "Where the copy of the configuration shared with child processes is kept.")
            .unsupported("config_save_dir", "config_save_dir DIR", "Save configuration state around reloads.")
            .unsupported("set_supplementary_groups", "set_supplementary_groups",
                "Give scripts the supplementary groups of their user.");
    }

    private static void scheduling(BlockGrammar<GlobalDefsBuilder> g) {
        for (String p : new String[] {"vrrp", "checker", "bfd"}) {
            g.unsupported(p + "_priority", p + "_priority -20..19", "Nice value of the " + p + " process.")
                .unsupported(p + "_no_swap", p + "_no_swap", "Lock the " + p + " process in memory.")
                .unsupported(p + "_rt_priority", p + "_rt_priority 1..99",
                    "Real-time priority of the " + p + " process.")
                .unsupported(p + "_cpu_affinity", p + "_cpu_affinity CPU...", "CPUs the " + p + " process may use.")
                .unsupported(p + "_rlimit_rttime", p + "_rlimit_rttime MICROSECONDS",
                    "RLIMIT_RTTIME of the " + p + " process when real-time [10000].");
        }
        g.unsupported("max_auto_priority", "max_auto_priority [-1..99]",
                "Highest real-time priority keepalived may raise itself to when late.")
            .unsupported("min_auto_priority_delay", "min_auto_priority_delay MICROSECONDS",
                "Lateness that triggers an automatic priority increase [1 s].");
    }

    private static void buffers(BlockGrammar<GlobalDefsBuilder> g) {
        for (String p : new String[] {"vrrp_netlink_cmd", "vrrp_netlink_monitor", "lvs_netlink_cmd",
            "lvs_netlink_monitor", "process_monitor"}) {
            g.unsupported(p + "_rcv_bufs", p + "_rcv_bufs BYTES", "Receive buffer of a netlink socket.")
                .unsupported(p + "_rcv_bufs_force", p + "_rcv_bufs_force [<BOOL>]",
                    "Set that buffer beyond rmem_max.");
        }
        g.unsupported("vrrp_rx_bufs_policy", "vrrp_rx_bufs_policy MTU|ADVERT|NUMBER",
                "How the VRRP socket receive buffers are sized.")
            .unsupported("vrrp_rx_bufs_multiplier", "vrrp_rx_bufs_multiplier N",
                "Multiplier of the VRRP receive buffer size [3].");
    }

    private static void firewall(BlockGrammar<GlobalDefsBuilder> g) {
        g.unsupported("nftables_ipvs", "nftables_ipvs [TABLE]", "nftables table for virtual server group marks.")
            .unsupported("nftables_ipvs_priority", "nftables_ipvs_priority PRIORITY",
                "Priority of the IPVS nftables chains.")
            .unsupported("nftables_ipvs_start_fwmark", "nftables_ipvs_start_fwmark N",
                "First firewall mark for virtual server groups [1000].")
            .unsupported("vrrp_ipsets", "vrrp_ipsets [NAME [NAME6 [NAME_IF6 [IGMP [MLD]]]]]",
                "ipsets used with vrrp_iptables.")
            .unsupported("disable_local_igmp", "disable_local_igmp",
                "Stop IGMP reports for link-local groups (sysctl).");
    }

    private static void snmpDbus(BlockGrammar<GlobalDefsBuilder> g) {
        g.unsupported("snmp_socket", "snmp_socket SOCKET", "AgentX socket [unix:/var/agentx/master].")
            .unsupported("enable_snmp_vrrp", "enable_snmp_vrrp", "Keepalived VRRP SNMP MIB.")
            .unsupported("enable_snmp_checker", "enable_snmp_checker", "Keepalived checker SNMP MIB.")
            .unsupported("enable_snmp_rfc", "enable_snmp_rfc", "RFC VRRP MIBs (v2 and v3).")
            .unsupported("enable_snmp_rfcv2", "enable_snmp_rfcv2", "RFC 2787 VRRP MIB.")
            .unsupported("enable_snmp_rfcv3", "enable_snmp_rfcv3", "RFC 6527 VRRPv3 MIB.")
            .unsupported("enable_traps", "enable_traps", "Send SNMP traps.")
            .unsupported("snmp_vs_stats_update_interval", "snmp_vs_stats_update_interval SECONDS",
                "How often virtual server statistics are refreshed for SNMP [5].")
            .unsupported("snmp_rs_stats_update_interval", "snmp_rs_stats_update_interval SECONDS",
                "How often real server statistics are refreshed for SNMP.")
            .unsupported("enable_dbus", "enable_dbus", "DBus interface to the VRRP instances.")
            .unsupported("dbus_service_name", "dbus_service_name NAME", "DBus service name [org.keepalived.Vrrp1].")
            .unsupported("dbus_no_interface_name", "dbus_no_interface_name",
                "Leave the interface name out of DBus object paths.");
    }

    private static void misc(BlockGrammar<GlobalDefsBuilder> g) {
        g.unsupported("vmac_prefix", "vmac_prefix PREFIX", "Prefix of VMAC interface names [vrrp].")
            .unsupported("vmac_addr_prefix", "vmac_addr_prefix PREFIX",
                "Prefix of use_vmac_addr interface names [vmac].")
            .unsupported("reload_time_file", "reload_time_file PATH",
                "Reload at the time written in the file (HH:MM:SS or [YY]YY-MM-DD HH:MM:SS).")
            .unsupported("reload_repeat", "reload_repeat", "Reload daily at the reload_time_file time.")
            .unsupported("reload_file", "reload_file [PATH]", "File created while a reload is in progress.")
            .unsupported("data_use_instance", "data_use_instance [<BOOL>]",
                "Put the instance name in the names of dump files.")
            .unsupported("include_check", "include_check [+|-]{readable,match,wildcard_match,brace_match}",
                "Which include failures are errors.")
            .unsupported("iproute_usr_dir", "iproute_usr_dir DIR", "Where iproute2 name tables are read from.")
            .unsupported("iproute_etc_dir", "iproute_etc_dir DIR", "Where local iproute2 name tables are read from.");
    }

    private static void old(BlockGrammar<GlobalDefsBuilder> g) {
        g.deprecated("lvs_process_name", "checker_process_name",
                "'lvs_process_name' is deprecated - please use 'checker_process_name'")
            .deprecated("lvs_flush_onstop", "lvs_flush_on_stop",
                "'lvs_flush_onstop' is deprecated - please use 'lvs_flush_on_stop'")
            .deprecated("vrrp_vmac_garp_intvl", "vrrp_garp_extra_if",
                "Keyword \"vrrp_vmac_garp_intvl\" is deprecated - please use \"vrrp_garp_extra_if\"");
        for (String p : new String[] {"vrrp", "checker", "bfd"}) {
            g.deprecated(p + "_rlimit_rtime", p + "_rlimit_rttime",
                "Keyword '" + p + "_rlimit_rtime' is deprecated - please use '" + p + "_rlimit_rttime'");
        }
        g.deprecated("enable_snmp_keepalived", "enable_snmp_vrrp",
                "'enable_snmp_keepalived' is deprecated - please use 'enable_snmp_vrrp'")
            .removed("lvs_id", "router_id", "lvs_id was replaced by router_id");
    }
}
