package io.fulcrum.nativeio;

import io.fulcrum.common.IpAddress;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A classic BPF program ({@code struct sock_filter[]}) built in Java, for {@link PacketRing#setFilter}. It sees the
 * frame from its Ethernet header and returns how many bytes to keep: 0 drops the frame, {@link #ACCEPT} keeps it
 * whole. {@link #run} interprets it in Java, so tests and fuzzers can check a program without the kernel.
 * Immutable.
 */
public final class BpfProgram {

    /** What an accepting program returns: a snap length larger than any frame. */
    public static final int ACCEPT = 0x40000;

    private static final int SOCK_FILTER_SIZE = 8;
    private static final int SOCK_FPROG_SIZE = 16;
    private static final Set<Integer> PORT_PROTOCOLS = Set.of(6, 17, 33, 132, 136); // TCP UDP DCCP SCTP UDPLite

    private final int[] code;
    private final int[] jt;
    private final int[] jf;
    private final int[] k;

    BpfProgram(int[] code, int[] jt, int[] jf, int[] k) {
        if (code.length == 0 || code.length > BpfAssembler.MAX_INSTRUCTIONS) {
            throw new IllegalArgumentException("a classic BPF program has 1 to " + BpfAssembler.MAX_INSTRUCTIONS
                    + " instructions, not " + code.length);
        }
        this.code = code;
        this.jt = jt;
        this.jf = jf;
        this.k = k;
    }

    /**
     * One served endpoint: IP protocol number, address and port (0: any port). A port other than 0 needs a
     * protocol whose header starts with source and destination ports (TCP, UDP, SCTP, DCCP, UDP-Lite).
     */
    public record Match(int protocol, IpAddress address, int port) {

        public Match {
            Objects.requireNonNull(address, "address");
            if (protocol < 1 || protocol > 255) {
                throw new IllegalArgumentException("IP protocol " + protocol + " outside 1..255");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " outside 0..65535");
            }
            if (port != 0 && !PORT_PROTOCOLS.contains(protocol)) {
                throw new IllegalArgumentException("IP protocol " + protocol + " has no ports (use port 0)");
            }
        }
    }

    public static BpfProgram acceptAll() {
        return new BpfAssembler().op(BpfAssembler.RET | BpfAssembler.K, ACCEPT).assemble();
    }

    public static BpfProgram dropAll() {
        return new BpfAssembler().op(BpfAssembler.RET | BpfAssembler.K, 0).assemble();
    }

    /**
     * Accepts untagged IPv4/IPv6 frames whose (protocol, destination address, destination port) is one of
     * {@code inbound} (the served VIP:ports) or whose (protocol, source address, source port) is one of
     * {@code replies} (NAT real servers answering); drops everything else (ARP, VLAN-tagged frames, in band or
     * out of band, other protocols). IPv4 ports are found through the real header length (options allowed); IPv4
     * non-first fragments and IPv6 frames with a fragment header carry no ports there, so they are accepted when
     * protocol and address match. IPv6 with other extension headers is dropped.
     *
     * @throws IllegalArgumentException when the program would exceed the kernel's 4096 instructions
     */
    public static BpfProgram forTraffic(List<Match> inbound, List<Match> replies) {
        return BpfTrafficFilter.build(List.copyOf(inbound), List.copyOf(replies));
    }

    public int instructionCount() {
        return code.length;
    }

    /** Runs the program on {@code frame} (Ethernet header first, VLAN tags in band) and returns its verdict. */
    public int run(byte[] frame) {
        return BpfInterpreter.run(code, jt, jf, k, frame);
    }

    /** A {@code struct sock_fprog} (u16 len; pointer to the instructions) allocated in {@code arena}. */
    MemorySegment toNative(Arena arena) {
        MemorySegment instructions = arena.allocate((long) SOCK_FILTER_SIZE * code.length, 8);
        for (int i = 0; i < code.length; i++) {
            long at = (long) i * SOCK_FILTER_SIZE;
            instructions.set(ValueLayout.JAVA_SHORT, at, (short) code[i]);
            instructions.set(ValueLayout.JAVA_BYTE, at + 2, (byte) jt[i]);
            instructions.set(ValueLayout.JAVA_BYTE, at + 3, (byte) jf[i]);
            instructions.set(ValueLayout.JAVA_INT, at + 4, k[i]);
        }
        MemorySegment program = arena.allocate(SOCK_FPROG_SIZE, 8);
        program.fill((byte) 0);
        program.set(ValueLayout.JAVA_SHORT, 0, (short) code.length);
        program.set(ValueLayout.ADDRESS, 8, instructions);
        return program;
    }

    /** The program one instruction a line, as {@code { code, jt, jf, k }} in the style of {@code tcpdump -dd}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < code.length; i++) {
            out.append(String.format("{ 0x%02x, %d, %d, 0x%08x },%n", code[i], jt[i], jf[i], k[i]));
        }
        return out.toString();
    }
}
