package io.fulcrum.ipvs.conn;

/**
 * The TCP header flag bits the state machine looks at, with their values in the header's flags byte, so a packet
 * engine can pass that byte as it is. The kernel picks one row per packet: RST first, then SYN, FIN, ACK; a
 * packet with none of them moves the connection to CLOSE (set_tcp_state).
 */
public final class TcpFlags {

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int ACK = 0x10;

    private TcpFlags() {
    }

    /** The state table's row for these flags: 0 syn, 1 fin, 2 ack, 3 rst, or -1 when none is set. */
    static int row(int flags) {
        if ((flags & RST) != 0) {
            return 3;
        }
        if ((flags & SYN) != 0) {
            return 0;
        }
        if ((flags & FIN) != 0) {
            return 1;
        }
        return (flags & ACK) != 0 ? 2 : -1;
    }
}
