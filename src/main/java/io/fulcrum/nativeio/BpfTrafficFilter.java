package io.fulcrum.nativeio;

import static io.fulcrum.nativeio.BpfAssembler.ABS;
import static io.fulcrum.nativeio.BpfAssembler.B;
import static io.fulcrum.nativeio.BpfAssembler.H;
import static io.fulcrum.nativeio.BpfAssembler.IND;
import static io.fulcrum.nativeio.BpfAssembler.JEQ;
import static io.fulcrum.nativeio.BpfAssembler.JGE;
import static io.fulcrum.nativeio.BpfAssembler.JGT;
import static io.fulcrum.nativeio.BpfAssembler.JMP;
import static io.fulcrum.nativeio.BpfAssembler.JSET;
import static io.fulcrum.nativeio.BpfAssembler.K;
import static io.fulcrum.nativeio.BpfAssembler.LD;
import static io.fulcrum.nativeio.BpfAssembler.LDX;
import static io.fulcrum.nativeio.BpfAssembler.MSH;
import static io.fulcrum.nativeio.BpfAssembler.RET;
import static io.fulcrum.nativeio.BpfAssembler.W;

import io.fulcrum.common.IpAddress;
import io.fulcrum.nativeio.BpfAssembler.Label;
import io.fulcrum.nativeio.BpfProgram.Match;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The program behind {@link BpfProgram#forTraffic}. Shape (offsets from the Ethernet header):
 * <pre>
 *   drop unless no out-of-band VLAN tag; ethertype [12]: 0x0800 → v4, 0x86dd → v6, else drop
 *   v4: version/IHL byte [14] in 0x45..0x4f; fragment offset [20] &amp; 0x1fff ≠ 0 → v4 non-first fragment
 *       X = IHL*4; inbound: dst [30], protocol [23], dst port [X+16]; replies: src [26], src port [X+14]
 *   v4 non-first fragment: the same without ports
 *   v6: version [14] = 6; next header [20] = 44 (fragment) → v6 fragment
 *       inbound: dst [38..54), protocol [20], dst port [56]; replies: src [22..38), src port [54]
 *   v6 fragment: protocol is the fragment header's next header [54]; no ports
 * </pre>
 * Each section compares the address first (one comparison per IPv4 address, up to four per IPv6 one), then the
 * protocols and ports of that address, a check shared by addresses with the same ones.
 */
final class BpfTrafficFilter {

    private static final int V4_FRAGMENT = 20;
    private static final int V4_PROTOCOL = 23;
    private static final int V4_SOURCE = 26;
    private static final int V4_DESTINATION = 30;
    private static final int V6_NEXT_HEADER = 20;
    private static final int V6_SOURCE = 22;
    private static final int V6_DESTINATION = 38;
    private static final int V6_L4 = 54;
    private static final int V6_FRAGMENT_HEADER = 44;
    private static final int NO_PORT = -1;

    private BpfTrafficFilter() {
    }

    static BpfProgram build(List<Match> inbound, List<Match> replies) {
        Map<IpAddress, Map<Integer, SortedSet<Integer>>> v4In = group(inbound, true);
        Map<IpAddress, Map<Integer, SortedSet<Integer>>> v4Replies = group(replies, true);
        Map<IpAddress, Map<Integer, SortedSet<Integer>>> v6In = group(inbound, false);
        Map<IpAddress, Map<Integer, SortedSet<Integer>>> v6Replies = group(replies, false);

        BpfAssembler asm = new BpfAssembler();
        Label drop = new Label();
        Label v4 = new Label();
        Label v4Fragment = new Label();
        Label v6 = new Label();
        Label v6Fragment = new Label();
        asm.op(LD | B | ABS, BpfAssembler.SKF_AD_VLAN_TAG_PRESENT).jump(JMP | JEQ | K, 0, null, drop);
        asm.op(LD | H | ABS, 12).jump(JMP | JEQ | K, 0x0800, v4, null).jump(JMP | JEQ | K, 0x86dd, v6, drop);

        asm.place(v4).op(LD | B | ABS, 14).jump(JMP | JGE | K, 0x45, null, drop).jump(JMP | JGT | K, 0x4f, drop, null);
        asm.op(LD | H | ABS, V4_FRAGMENT).jump(JMP | JSET | K, 0x1fff, v4Fragment, null);
        asm.op(LDX | B | MSH, 14);
        section(asm, v4In, V4_DESTINATION, V4_PROTOCOL, LD | H | IND, 16);
        section(asm, v4Replies, V4_SOURCE, V4_PROTOCOL, LD | H | IND, 14);
        asm.op(RET | K, 0);
        asm.place(v4Fragment);
        section(asm, v4In, V4_DESTINATION, V4_PROTOCOL, 0, NO_PORT);
        section(asm, v4Replies, V4_SOURCE, V4_PROTOCOL, 0, NO_PORT);
        asm.op(RET | K, 0);

        asm.place(v6).op(LD | B | ABS, 14).op(BpfAssembler.ALU | BpfAssembler.AND | K, 0xf0)
                .jump(JMP | JEQ | K, 0x60, null, drop);
        asm.op(LD | B | ABS, V6_NEXT_HEADER).jump(JMP | JEQ | K, V6_FRAGMENT_HEADER, v6Fragment, null);
        section(asm, v6In, V6_DESTINATION, V6_NEXT_HEADER, LD | H | ABS, V6_L4 + 2);
        section(asm, v6Replies, V6_SOURCE, V6_NEXT_HEADER, LD | H | ABS, V6_L4);
        asm.op(RET | K, 0);
        asm.place(v6Fragment);
        section(asm, v6In, V6_DESTINATION, V6_L4, 0, NO_PORT);
        section(asm, v6Replies, V6_SOURCE, V6_L4, 0, NO_PORT);
        asm.op(RET | K, 0);

        asm.place(drop).op(RET | K, 0);
        try {
            return asm.assemble();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(inbound.size() + " inbound and " + replies.size()
                    + " reply matches do not fit one classic BPF program (" + e.getMessage() + ")", e);
        }
    }

    /** The matches of one family: address → protocol → ports (0 among them: any port). */
    private static Map<IpAddress, Map<Integer, SortedSet<Integer>>> group(List<Match> matches, boolean v4) {
        Map<IpAddress, Map<Integer, SortedSet<Integer>>> out = new LinkedHashMap<>();
        for (Match m : matches) {
            if (m.address().isV4() == v4) {
                out.computeIfAbsent(m.address(), a -> new LinkedHashMap<>())
                        .computeIfAbsent(m.protocol(), p -> new TreeSet<>()).add(m.port());
            }
        }
        return out;
    }

    /**
     * Accepts a frame whose address at {@code addressOffset}, protocol byte at {@code protocolOffset} and (unless
     * {@code portK} is NO_PORT) port loaded by {@code portCode}/{@code portK} match; falls through otherwise. The
     * addresses come first, each jumping to the check of its protocols and ports, which addresses with the same
     * protocols and ports share (typically all real servers of a service).
     */
    private static void section(BpfAssembler asm, Map<IpAddress, Map<Integer, SortedSet<Integer>>> matches,
            int addressOffset, int protocolOffset, int portCode, int portK) {
        if (matches.isEmpty()) {
            return;
        }
        Label end = new Label();
        Map<Map<Integer, SortedSet<Integer>>, Label> checks = new LinkedHashMap<>();
        boolean v4 = matches.keySet().iterator().next().isV4();
        if (v4) {
            asm.op(LD | W | ABS, addressOffset);
        }
        for (Map.Entry<IpAddress, Map<Integer, SortedSet<Integer>>> byAddress : matches.entrySet()) {
            Map<Integer, SortedSet<Integer>> key = portK == NO_PORT ? withoutPorts(byAddress.getValue())
                    : byAddress.getValue();
            Label check = checks.computeIfAbsent(key, k -> new Label());
            ByteBuffer address = ByteBuffer.wrap(byAddress.getKey().bytes());
            if (v4) {
                asm.jump(JMP | JEQ | K, address.getInt(), check, null);
                continue;
            }
            Label nextAddress = new Label();
            for (int word = 0; word < 16; word += 4) {
                asm.op(LD | W | ABS, addressOffset + word)
                        .jump(JMP | JEQ | K, address.getInt(), word == 12 ? check : null, nextAddress);
            }
            asm.place(nextAddress);
        }
        asm.ja(end);
        for (Map.Entry<Map<Integer, SortedSet<Integer>>, Label> check : checks.entrySet()) {
            asm.place(check.getValue());
            protocolsAndPorts(asm, check.getKey(), protocolOffset, portCode, portK, end);
        }
        asm.place(end);
    }

    private static Map<Integer, SortedSet<Integer>> withoutPorts(Map<Integer, SortedSet<Integer>> byProtocol) {
        Map<Integer, SortedSet<Integer>> out = new LinkedHashMap<>();
        for (int protocol : byProtocol.keySet()) {
            out.put(protocol, new TreeSet<>(List.of(0)));
        }
        return out;
    }

    private static void protocolsAndPorts(BpfAssembler asm, Map<Integer, SortedSet<Integer>> byProtocol,
            int protocolOffset, int portCode, int portK, Label end) {
        asm.op(LD | B | ABS, protocolOffset);
        Map<Integer, Label> protocolLabels = new LinkedHashMap<>();
        for (int protocol : byProtocol.keySet()) {
            Label l = new Label();
            protocolLabels.put(protocol, l);
            asm.jump(JMP | JEQ | K, protocol, l, null);
        }
        asm.ja(end);
        for (Map.Entry<Integer, SortedSet<Integer>> entry : byProtocol.entrySet()) {
            asm.place(protocolLabels.get(entry.getKey()));
            SortedSet<Integer> ports = entry.getValue();
            if (portK == NO_PORT || ports.contains(0)) {
                asm.op(RET | K, BpfProgram.ACCEPT);
                continue;
            }
            Label accept = new Label();
            asm.op(portCode, portK);
            for (int port : ports) {
                asm.jump(JMP | JEQ | K, port, accept, null);
            }
            asm.ja(end).place(accept).op(RET | K, BpfProgram.ACCEPT);
        }
    }
}
