package io.fulcrum.ipvs.conn;

import java.util.List;

/**
 * The kernel's TCP state tables (ip_vs_proto_tcp.c {@code tcp_states}, the default, non-"secure_tcp" set of a
 * modern kernel): for each direction and each packet kind, the next state from each current state. Written here
 * as text, one line per packet kind, columns in state order NONE ESTABLISHED SYN_SENT SYN_RECV FIN_WAIT TIME_WAIT
 * CLOSE CLOSE_WAIT LAST_ACK LISTEN SYNACK. An ACK in state NONE leads to ESTABLISHED, as in kernels since 2016
 * (older ones, and some write-ups, give CLOSE).
 */
final class TcpStateTable {

    private static final String COLUMNS = "NO ES SS SR FW TW CL CW LA LI SA";

    private static final String INPUT = """
            syn SR ES ES SR SR SR SR SR SR SR SR
            fin CL CW SS TW TW TW CL CW LA LI TW
            ack ES ES SS ES FW TW CL CW CL LI ES
            rst CL CL CL SR CL CL CL CL LA LI SR
            """;

    private static final String OUTPUT = """
            syn SS ES SS SR SS SS SS SS SS LI SR
            fin TW FW SS TW FW TW CL TW LA LI TW
            ack ES ES SS ES FW TW CL CW LA ES ES
            rst CL CL SS CL CL TW CL CL CL CL CL
            """;

    private static final String INPUT_ONLY = """
            syn SR ES ES SR SR SR SR SR SR SR SR
            fin CL FW SS TW FW TW CL CW LA LI TW
            ack ES ES SS ES FW TW CL CW CL LI ES
            rst CL CL CL SR CL CL CL CL LA LI CL
            """;

    /** [direction][row][state] = next state number. */
    private static final byte[][][] NEXT = {parse(INPUT), parse(OUTPUT), parse(INPUT_ONLY)};

    private TcpStateTable() {
    }

    /** The state after a packet with {@code flags} travelling {@code dir} in state number {@code state}. */
    static int next(Direction dir, int flags, int state) {
        int row = TcpFlags.row(flags);
        return row < 0 ? TcpState.CLOSE.ordinal() : NEXT[dir.ordinal()][row][state];
    }

    private static byte[][] parse(String table) {
        List<String> codes = List.of(COLUMNS.split(" "));
        String[] lines = table.strip().split("\n");
        byte[][] out = new byte[lines.length][];
        for (int r = 0; r < lines.length; r++) {
            String[] cells = lines[r].trim().split(" +");
            out[r] = new byte[cells.length - 1];
            for (int c = 1; c < cells.length; c++) {
                out[r][c - 1] = (byte) codes.indexOf(cells[c]);
            }
        }
        return out;
    }
}
