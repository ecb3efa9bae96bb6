package io.fulcrum.daemon;

import io.fulcrum.common.IpAddress;
import io.fulcrum.dataplane.packet.PacketService;
import io.fulcrum.ipvs.ForwardingMethod;
import java.io.IOException;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps the kernel's own IP stack away from the traffic the packet engine forwards, through nftables (the
 * {@code nft} program, Debian package nftables): the engine reads frames from AF_PACKET rings, ahead of the IP
 * stack, and the stack would otherwise answer a SYN for VIP:port with a reset (nothing listens there) or route a
 * NAT real server's reply on unchanged. Two tables named {@code fulcrum} hold every rule Fulcrum adds:
 * <ul>
 *   <li>{@code netdev fulcrum}, a chain per engine interface (hook ingress, priority -500) and sets of the served
 *   VIP:ports and NAT real servers (address . protocol . port, one lookup per packet whatever their number): drops,
 *   right after the packet taps (the engine's rings, bound with ETH_P_ALL, have taken their copy by then: taps run
 *   before the ingress hook in {@code __netif_receive_skb_core}), packets to each served VIP:port while that address is local
 *   ({@code fib daddr type local}, the condition of the input chain) and the NAT real servers' replies to a
 *   non-local address ({@code fib daddr type unicast}, the condition of the forward chain): the same packets the
 *   inet table drops, before the kernel's IP receive path spends anything on them;</li>
 *   <li>{@code inet fulcrum}: chain {@code input} (hook input, priority -300) drops packets to each served
 *   VIP:port, chain {@code forward} (hook forward, priority -300) the replies of NAT real servers, whatever
 *   interface they came in on (and the fragments, which the ingress rules cannot match by port).</li>
 * </ul>
 * Each {@link #apply} replaces both tables in one {@code nft -f} transaction (deleting tables left by a crashed
 * run first), so the rules are exactly those of the services served now; {@link #close} deletes them. The VRRP
 * adverts, health checks and everything else of the host are untouched.
 */
final class NftInputGuard implements AutoCloseable {

    static final String TABLE = "fulcrum";
    private final Nft nft;
    private boolean installed;
    private String applied = "";

    NftInputGuard(String nft) {
        this.nft = new Nft(nft);
    }

    /** Both tables deleted if present (nothing said when absent): a script for {@code nft -f -}. */
    private static final String DELETE_BOTH = Nft.deleteIfPresent("inet", TABLE)
            + Nft.deleteIfPresent("netdev", TABLE);
    /** Interface names written into the ingress chains as they are; another one gets no ingress chain. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_.:@-]{1,15}");
    /**
     * The ingress chains' sets, served VIP:ports and NAT real servers per address family (elements address . protocol
     * . port), each with the rule that looks a packet up in it.
     */
    private enum IngressSet {
        VIP4("ipv4_addr", "ip daddr . meta l4proto . th dport @vip4 fib daddr type local drop"),
        VIP6("ipv6_addr", "ip6 daddr . meta l4proto . th dport @vip6 fib daddr type local drop"),
        NAT4("ipv4_addr", "ip saddr . meta l4proto . th sport @nat4 fib daddr type unicast drop"),
        NAT6("ipv6_addr", "ip6 saddr . meta l4proto . th sport @nat6 fib daddr type unicast drop");

        final String addressType;
        final String rule;

        IngressSet(String addressType, String rule) {
            this.addressType = addressType;
            this.rule = rule;
        }

        String setName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static IngressSet vip(IpAddress a) {
            return a.isV6() ? VIP6 : VIP4;
        }

        static IngressSet nat(IpAddress a) {
            return a.isV6() ? NAT6 : NAT4;
        }
    }

    /** The ruleset for {@code services} on the engine's {@code interfaces}: a script for {@code nft -f -}. */
    static String ruleset(List<PacketService> services, List<String> interfaces) {
        StringBuilder sb = new StringBuilder(DELETE_BOTH);
        // the ingress matches: one set lookup per packet (address . protocol . port), however many services
        Map<IngressSet, Set<String>> sets = new EnumMap<>(IngressSet.class);
        for (PacketService s : services) {
            IpAddress vip = s.key().address();
            sets.computeIfAbsent(IngressSet.vip(vip), k -> new LinkedHashSet<>())
                    .add(vip + " . " + proto(s) + " . " + s.key().port());
            for (var d : s.service().view().destinations()) {
                if (d.settings().forwarding() == ForwardingMethod.MASQ) {
                    sets.computeIfAbsent(IngressSet.nat(d.address()), k -> new LinkedHashSet<>())
                            .add(d.address() + " . " + proto(s) + " . " + d.port());
                }
            }
        }
        List<String> devices = interfaces.stream().filter(n -> SAFE_NAME.matcher(n).matches()).toList();
        if (!sets.isEmpty() && !devices.isEmpty()) {
            sb.append("table netdev ").append(TABLE).append(" {\n");
            sets.forEach((set, elements) -> sb.append("  set ").append(set.setName()).append(" {\n    type ")
                    .append(set.addressType).append(" . inet_proto . inet_service\n    elements = { ")
                    .append(String.join(", ", elements)).append(" }\n  }\n"));
            for (int i = 0; i < devices.size(); i++) {
                sb.append("  chain ingress").append(i).append(" {\n    type filter hook ingress device \"")
                        .append(devices.get(i)).append("\" priority -500; policy accept;\n");
                sets.keySet().forEach(set -> sb.append("    ").append(set.rule).append('\n'));
                sb.append("  }\n");
            }
            sb.append("}\n");
        }
        sb.append("table inet ").append(TABLE).append(" {\n");
        sb.append("  chain input {\n    type filter hook input priority -300; policy accept;\n");
        for (PacketService s : services) {
            sb.append("    ").append(family(s.key().address())).append(" daddr ").append(s.key().address())
                    .append(' ').append(proto(s)).append(" dport ").append(s.key().port()).append(" drop\n");
        }
        sb.append("  }\n");
        sb.append("  chain forward {\n    type filter hook forward priority -300; policy accept;\n");
        for (PacketService s : services) {
            for (var d : s.service().view().destinations()) {
                if (d.settings().forwarding() == ForwardingMethod.MASQ) {
                    sb.append("    ").append(family(d.address())).append(" saddr ").append(d.address())
                            .append(' ').append(proto(s)).append(" sport ").append(d.port()).append(" drop\n");
                }
            }
        }
        sb.append("  }\n}\n");
        return sb.toString();
    }

    private static String family(IpAddress a) {
        return a.isV6() ? "ip6" : "ip";
    }

    private static String proto(PacketService s) {
        return s.key().protocol().name().toLowerCase(Locale.ROOT);
    }

    /**
     * Installs the rules for exactly {@code services}, with ingress chains on the engine's {@code interfaces};
     * throws with nft's own message when it refuses.
     */
    void apply(List<PacketService> services, List<String> interfaces) throws IOException {
        String rules = ruleset(services, interfaces);
        if (installed && rules.equals(applied)) {
            return; // a table change that moved no VIP:port or NAT real server (weights, health): nothing to do
        }
        nft.script(rules);
        installed = true;
        applied = rules;
    }

    /** Deletes the tables (and with them every rule Fulcrum added). */
    @Override
    public void close() {
        if (!installed) {
            return;
        }
        installed = false;
        applied = "";
        try {
            nft.script(DELETE_BOTH);
        } catch (IOException e) {
            // the tables may be gone already (removed by hand): nothing of ours is left then
        }
    }

    /** Deletes the tables a crashed run left behind, if any (no error when there are none). */
    void removeStale() {
        try {
            nft.script(DELETE_BOTH);
        } catch (IOException e) {
            // nothing to clean
        }
    }
}
