package io.fulcrum.ipvs.conn;

import java.util.List;

/**
 * IPVS's TCP connection states (ip_vs_proto_tcp.c), in the kernel's order, with the kernel's default timeouts
 * and whether the state counts as active. Since Linux 4.9 ({@code tcp_state_active}) SYN_SENT, SYN_RECV and SYNACK
 * count as active besides ESTABLISHED; older kernels and the reference notes count only ESTABLISHED. We follow
 * the modern kernel.
 */
public enum TcpState {
    NONE(2, false),
    ESTABLISHED(900, true),
    SYN_SENT(120, true),
    SYN_RECV(60, true),
    FIN_WAIT(120, false),
    TIME_WAIT(120, false),
    CLOSE(10, false),
    CLOSE_WAIT(60, false),
    LAST_ACK(30, false),
    LISTEN(120, false),
    SYNACK(120, true);

    private static final List<TcpState> BY_NUMBER = List.of(values());

    private final int defaultTimeoutSeconds;
    private final boolean active;

    TcpState(int defaultTimeoutSeconds, boolean active) {
        this.defaultTimeoutSeconds = defaultTimeoutSeconds;
        this.active = active;
    }

    /** The kernel's timeout for this state when ipvsadm --set has not changed it. */
    public int defaultTimeoutSeconds() {
        return defaultTimeoutSeconds;
    }

    /** Whether a connection in this state counts in the destination's ActiveConn (else InActConn). */
    public boolean active() {
        return active;
    }

    /** This state's timeout under {@code t}: --set changes ESTABLISHED (tcp) and FIN_WAIT (tcpfin) only. */
    public int timeoutSeconds(Timeouts t) {
        return switch (this) {
            case ESTABLISHED -> t.tcp();
            case FIN_WAIT -> t.tcpFin();
            default -> defaultTimeoutSeconds;
        };
    }

    /** The state with the kernel's number {@code n} (0 = NONE .. 10 = SYNACK). */
    static TcpState of(int n) {
        return BY_NUMBER.get(n);
    }
}
