package io.fulcrum.daemon;

import io.fulcrum.common.IpAddress;
import io.fulcrum.dataplane.packet.PacketService;
import io.fulcrum.ipvs.ForwardingMethod;
import java.io.IOException;
import java.util.List;

/**
 * Keeps the kernel's own IP stack away from the traffic the packet engine forwards, through nftables (the
 * {@code nft} program, Debian package nftables): the engine reads frames from AF_PACKET rings, ahead of the IP
 * stack, and the stack would otherwise answer a SYN for VIP:port with a reset (nothing listens there) or route a
 * NAT real server's reply on unchanged. One table, {@code inet fulcrum}, holds every rule Fulcrum adds:
 * <ul>
 *   <li>chain {@code input} (hook input, priority -300): drop packets to each served VIP:port;</li>
 *   <li>chain {@code forward} (hook forward, priority -300): drop the replies of NAT real servers.</li>
 * </ul>
 * Each {@link #apply} replaces the whole table in one {@code nft -f} transaction (deleting a table left by a
 * crashed run first), so the rules are exactly those of the services served now; {@link #close} deletes it. The
 * VRRP adverts, health checks and everything else of the host are untouched.
 */
final class NftInputGuard implements AutoCloseable {

    static final String TABLE = "fulcrum";
    private final Nft nft;
    private boolean installed;
    private String applied = "";

    NftInputGuard(String nft) {
        this.nft = new Nft(nft);
    }

    /** The ruleset for {@code services}: a script for {@code nft -f -}. */
    static String ruleset(List<PacketService> services) {
        StringBuilder sb = new StringBuilder();
        sb.append(Nft.deleteIfPresent("inet", TABLE));
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
        return s.key().protocol().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Installs the rules for exactly {@code services}; throws with nft's own message when it refuses. */
    void apply(List<PacketService> services) throws IOException {
        String rules = ruleset(services);
        if (installed && rules.equals(applied)) {
            return; // a table change that moved no VIP:port or NAT real server (weights, health): nothing to do
        }
        nft.script(rules);
        installed = true;
        applied = rules;
    }

    /** Deletes the table (and with it every rule Fulcrum added). */
    @Override
    public void close() {
        if (!installed) {
            return;
        }
        installed = false;
        applied = "";
        try {
            nft.command("delete", "table", "inet", TABLE);
        } catch (IOException e) {
            // the table may be gone already (removed by hand): nothing of ours is left then
        }
    }

    /** Deletes a table a crashed run left behind, if any (no error when there is none). */
    void removeStale() {
        try {
            nft.script(Nft.deleteIfPresent("inet", TABLE));
        } catch (IOException e) {
            // nothing to clean
        }
    }
}
