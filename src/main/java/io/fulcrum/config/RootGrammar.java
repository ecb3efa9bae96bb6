package io.fulcrum.config;

/** Top-level keywords that belong to no feature block (namespaces, process layout): recognised, not supported. */
final class RootGrammar {

    private RootGrammar() {
    }

    static void register(BlockGrammar<ConfigBuilder> root) {
        root.unsupported("net_namespace", "net_namespace NAME",
                "Run keepalived in a network namespace. Fulcrum runs where it is started.")
            .unsupported("net_namespace_ipvs", "net_namespace_ipvs NAME",
                "Network namespace for IPVS. Fulcrum's table lives in its own process.")
            .unsupported("namespace_with_ipsets", "namespace_with_ipsets", "Use ipsets named after the namespace.")
            .unsupported("instance", "instance NAME", "Name of this keepalived instance (pid and file names).")
            .unsupported("use_pid_dir", "use_pid_dir", "Put pid files in /run/keepalived/INSTANCE.")
            .unsupported("linkbeat_use_polling", "linkbeat_use_polling",
                "Poll interface state instead of netlink events.")
            .unsupported("child_wait_time", "child_wait_time SECS",
                "Time to wait for keepalived's child processes at shutdown (Fulcrum is one process).");
    }
}
