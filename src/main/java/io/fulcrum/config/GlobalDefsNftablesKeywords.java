package io.fulcrum.config;

import io.fulcrum.config.model.NftablesSettings;
import java.util.Optional;

/**
 * The global_defs keywords of the nftables drop rules of no_accept instances (keepalived's {@code nftables},
 * {@code nftables_priority}, {@code nftables_counters}, {@code nftables_ifindex}), and {@code vrrp_iptables},
 * which keepalived built with nftables only (as Debian's 2.2.7 is) turns into {@code nftables}.
 */
final class GlobalDefsNftablesKeywords {

    private GlobalDefsNftablesKeywords() {
    }

    /** What the keywords set, built into {@link NftablesSettings}. */
    static final class Nftables {
        private Optional<String> table = Optional.empty();
        private int priority = NftablesSettings.DEFAULT_PRIORITY;
        private Optional<Args> priorityAt = Optional.empty();
        private boolean counters;
        private boolean ifindex;

        NftablesSettings build() {
            return new NftablesSettings(table, priority, counters, ifindex);
        }
    }

    static void add(BlockGrammar<GlobalDefsBuilder> g) {
        g.add("nftables", "nftables [TABLE]",
                "Put the drop rules of no_accept instances in nftables tables 'ip TABLE' and 'ip6 TABLE'"
                    + " [keepalived, also when absent and an instance is no_accept]. Must differ from the table"
                    + " of any other keepalived or Fulcrum in the same network namespace.",
                (a, b) -> table(a, b.nftables))
            .add("nftables_priority", "nftables_priority PRIORITY",
                "Priority of the input and output chains of the nftables tables [-1].",
                (a, b) -> priority(a, b.nftables))
            .add("nftables_counters", "nftables_counters", "Add a counter to each nftables rule.",
                (a, b) -> b.nftables.counters = Readers.set(a))
            .add("nftables_ifindex", "nftables_ifindex",
                "Key IPv6 link-local VIPs by interface index also for instances with dont_track_primary"
                    + " (which use interface names otherwise).",
                (a, b) -> b.nftables.ifindex = Readers.set(a))
            .add("vrrp_iptables", "vrrp_iptables [IN_CHAIN [OUT_CHAIN]]",
                "keepalived's iptables drop rules; as in keepalived built with nftables only (Debian's 2.2.7),"
                    + " nftables is used instead (table keepalived), with keepalived's warning.",
                GlobalDefsNftablesKeywords::iptables);
    }

    private static void table(Args a, Nftables n) {
        a.arity(0, 1);
        if (n.table.isPresent()) {
            a.warning("nftables already specified - ignoring");
            return;
        }
        String name = a.has(0) ? a.text(0) : NftablesSettings.DEFAULT_TABLE;
        if (name.length() > NftablesSettings.MAX_NAME_LENGTH) {
            a.errorAt(a.token(0), "nftables table name too long - ignoring");
            return;
        }
        if (!NftablesSettings.validName(name)) {
            a.errorAt(a.token(0), "'nftables': invalid table name '" + name + "' (expected a letter or '_', then"
                    + " letters, digits, '_', '.' or '-')");
            return;
        }
        n.table = Optional.of(name);
        n.priorityAt.ifPresent(p -> p.warning("nftables_priority before nftables is reset to "
                + NftablesSettings.DEFAULT_PRIORITY + " by it, as keepalived does: put it after nftables"));
        n.priority = NftablesSettings.DEFAULT_PRIORITY;
    }

    private static void priority(Args a, Nftables n) {
        if (!a.arity(1, 1)) {
            return;
        }
        a.intArg(0, Integer.MIN_VALUE, Integer.MAX_VALUE).ifPresent(p -> {
            n.priority = p;
            n.priorityAt = n.table.isPresent() ? Optional.empty() : Optional.of(a);
        });
    }

    private static void iptables(Args a, GlobalDefsBuilder b) {
        a.arity(0, 2);
        a.warning("iptables not supported, using nftables instead. Please replace 'vrrp_iptables and"
                + " 'vrrp_ipsets' with 'nftables' config option");
        b.nftables.table = Optional.of(NftablesSettings.DEFAULT_TABLE);
        b.nftables.priority = NftablesSettings.DEFAULT_PRIORITY;
    }

    static void dump(NftablesSettings n, DumpWriter w) {
        n.table().ifPresent(t -> w.line("nftables", t));
        if (n.priority() != NftablesSettings.DEFAULT_PRIORITY) {
            w.line("nftables_priority", n.priority());
        }
        w.flag("nftables_counters", n.counters());
        w.flag("nftables_ifindex", n.ifindex());
    }
}
