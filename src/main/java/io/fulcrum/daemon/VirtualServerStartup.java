package io.fulcrum.daemon;

import io.fulcrum.config.model.CheckerSpec;
import io.fulcrum.config.model.DnsCheck;
import io.fulcrum.config.model.FileCheck;
import io.fulcrum.config.model.HttpGet;
import io.fulcrum.config.model.MiscCheck;
import io.fulcrum.config.model.PingCheck;
import io.fulcrum.config.model.QuorumSpec;
import io.fulcrum.config.model.RealServer;
import io.fulcrum.config.model.SmtpCheck;
import io.fulcrum.config.model.SorryServer;
import io.fulcrum.config.model.SslGet;
import io.fulcrum.config.model.TcpCheck;
import io.fulcrum.config.model.UdpCheck;
import io.fulcrum.config.model.VirtualServer;
import java.util.ArrayList;
import java.util.List;

/**
 * What keepalived's checker process decides for one virtual server when it starts, before any check has run
 * (ipwrapper.c {@code init_service_vs}, {@code init_service_rs}, {@code update_quorum_state}; check_data.c
 * {@code validate_check_config}):
 * <ul>
 *   <li>a real server equal (address and port) to an earlier one of the same virtual server is dropped:
 *       "VS ...: real server ... is duplicated - removing second rs";</li>
 *   <li>a real server is up unless one of its checkers is in alpha mode: keepalived then counts that checker as
 *       failed until its first success and leaves the server out of the table, or, with inhibit_on_failure,
 *       puts it in with weight 0. Fulcrum does the same although its checkers do not run yet, so such a server
 *       stays out (or at weight 0) until health checking arrives: alpha asks not to send traffic to a server
 *       nobody has checked, and an unchecked start is exactly that. alpha without any checker changes
 *       nothing, as in keepalived (alpha is a checker setting the real server only passes on);</li>
 *   <li>the quorum is the sum of the weights of the up servers against quorum ± hysteresis, starting from
 *       "down" as keepalived does, so a virtual server with quorum logs "Gained quorum q+h=t &lt;= w"; one that
 *       cannot gain it at start logs "Starting with quorum down" when it has a sorry server (or when its quorum
 *       is 0 because every weight is 0), and then the sorry server is put in (weight 1) and the up servers are
 *       taken out (inhibit_on_failure ones go to weight 0 instead);</li>
 *   <li>a sorry server with sorry_server_inhibit is in the table with weight 0 while the real servers serve,
 *       unless it is one of them; otherwise it waits outside the table until quorum is lost, which cannot
 *       happen before health checking does.</li>
 * </ul>
 *
 * @param members the real servers left after removing duplicates, in configuration order
 * @param sorry   the sorry server's part at start
 * @param notes   lines about the real servers, logged before the table is touched
 * @param quorum  the quorum lines, logged once the real servers are in
 */
record VirtualServerStartup(List<Member> members, SorryRole sorry, List<String> notes, List<String> quorum) {

    /** How a real server starts. */
    enum Role {
        /** In the table with its weight. */
        UP,
        /** In the table with weight 0 (inhibit_on_failure while it is not up). */
        INHIBITED,
        /** Not in the table. */
        OUT
    }

    /** How the sorry server starts. */
    enum SorryRole {
        NONE,
        /** Configured, outside the table until quorum is lost. */
        STANDBY,
        /** In the table with weight 0 (sorry_server_inhibit). */
        INHIBITED,
        /** Serving: quorum is down at start. */
        ACTIVE
    }

    /** @param position 1-based place among the virtual server's real_server blocks */
    record Member(int position, RealServer server, Role role) {
    }

    VirtualServerStartup {
        members = List.copyOf(members);
        notes = List.copyOf(notes);
        quorum = List.copyOf(quorum);
    }

    static VirtualServerStartup of(VirtualServer vs, String vsName) {
        List<String> notes = new ArrayList<>();
        List<Member> members = new ArrayList<>();
        long live = 0;
        for (int i = 0; i < vs.realServers().size(); i++) {
            RealServer rs = vs.realServers().get(i);
            String rsName = VirtualServerNames.trio(rs.address(), vs.protocol(), rs.port());
            if (members.stream().anyMatch(m -> m.server().address().equals(rs.address())
                    && m.server().port() == rs.port())) {
                notes.add("VS " + vsName + ": real server " + rsName + " is duplicated - removing second rs");
                continue;
            }
            boolean alpha = rs.checkers().stream().anyMatch(VirtualServerStartup::alpha);
            boolean inhibit = rs.checks().inhibitOnFailure();
            if (alpha) {
                notes.add("VS " + vsName + ": real server " + rsName + " has an alpha checker: it starts down until"
                        + " its first successful check, and health checking is not active yet, so it is "
                        + (inhibit ? "in the table with weight 0 (inhibit_on_failure)" : "left out of the table"));
            } else {
                live += rs.weight();
            }
            members.add(new Member(i + 1, rs, alpha ? (inhibit ? Role.INHIBITED : Role.OUT) : Role.UP));
        }
        List<String> quorum = new ArrayList<>();
        boolean down = quorumDown(vs, live, vsName, quorum);
        SorryRole sorry = vs.sorryServer().isEmpty() ? SorryRole.NONE
                : down ? SorryRole.ACTIVE
                : vs.sorryServer().get().inhibit() && !sorryIsMember(vs, members) ? SorryRole.INHIBITED
                : SorryRole.STANDBY;
        if (sorry == SorryRole.ACTIVE) {
            members = withdrawn(members);
        }
        return new VirtualServerStartup(members, sorry, notes, quorum);
    }

    /**
     * keepalived starts a virtual server with quorum up only when quorum + hysteresis is 0 (set_quorum_states
     * runs before any real server is alive); update_quorum_state(init) then compares the live weight: up with no
     * live weight is lost, down with enough is gained, down without enough but with a sorry server is logged.
     * Returns whether the sorry server must take over.
     */
    private static boolean quorumDown(VirtualServer vs, long live, String vsName, List<String> log) {
        QuorumSpec q = vs.quorum();
        boolean sorry = vs.sorryServer().isPresent();
        String down = "Starting with quorum down " + q.quorum() + "-" + q.hysteresis() + "=";
        if (q.quorum() + q.hysteresis() == 0) {
            if (live > 0) {
                return false;
            }
            log.add(down + "0 > 0 for VS " + vsName);
            return sorry;
        }
        long threshold = q.quorum() + q.hysteresis();
        if (live >= threshold) {
            log.add("Gained quorum " + q.quorum() + "+" + q.hysteresis() + "=" + threshold + " <= " + live
                    + " for VS " + vsName);
            return false;
        }
        if (sorry) {
            log.add(down + threshold + " > " + live + " for VS " + vsName);
            return true;
        }
        log.add("VS " + vsName + " starts without quorum (" + live + " < " + threshold + ") and has no sorry"
                + " server: its real servers stay as they are");
        return false;
    }

    /** The sorry server has taken over: up servers leave the table, or drop to weight 0 with inhibit_on_failure. */
    private static List<Member> withdrawn(List<Member> members) {
        return members.stream().map(m -> m.role() != Role.UP ? m : new Member(m.position(), m.server(),
                m.server().checks().inhibitOnFailure() ? Role.INHIBITED : Role.OUT)).toList();
    }

    private static boolean sorryIsMember(VirtualServer vs, List<Member> members) {
        SorryServer s = vs.sorryServer().orElseThrow();
        return members.stream().anyMatch(m -> m.server().address().equals(s.address())
                && m.server().port() == s.port());
    }

    /** Whether a checker starts down (alpha mode); FILE_CHECK has no such option. */
    static boolean alpha(CheckerSpec c) {
        return switch (c) {
            case TcpCheck t -> t.options().alpha();
            case HttpGet h -> h.options().alpha();
            case SslGet s -> s.options().alpha();
            case SmtpCheck s -> s.options().alpha();
            case DnsCheck d -> d.options().alpha();
            case UdpCheck u -> u.options().alpha();
            case PingCheck p -> p.options().alpha();
            case MiscCheck m -> m.options().alpha();
            case FileCheck f -> false;
        };
    }
}
