package io.fulcrum.ipvs.conn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The kernel's tcp_states, one direction table at a time. */
class TcpStateTableTest {

    private static int flags(String name) {
        return switch (name) {
            case "SYN" -> TcpFlags.SYN;
            case "SYNACK" -> TcpFlags.SYN | TcpFlags.ACK;
            case "FIN" -> TcpFlags.FIN | TcpFlags.ACK;
            case "ACK" -> TcpFlags.ACK;
            case "RST" -> TcpFlags.RST | TcpFlags.ACK;
            case "NONE" -> 0;
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static void check(Direction dir, String packet, TcpState from, TcpState to) {
        assertThat(TcpState.of(TcpStateTable.next(dir, flags(packet), from.ordinal())))
                .as("%s %s in %s", dir, packet, from).isEqualTo(to);
    }

    @ParameterizedTest(name = "{0} {1} in {2} -> {3}")
    @CsvSource({
        "INPUT, SYN, NONE, SYN_RECV", "INPUT, SYN, ESTABLISHED, ESTABLISHED", "INPUT, SYN, SYN_SENT, ESTABLISHED",
        "INPUT, SYN, TIME_WAIT, SYN_RECV", "INPUT, SYN, CLOSE, SYN_RECV", "INPUT, SYN, SYNACK, SYN_RECV",
        "INPUT, FIN, NONE, CLOSE", "INPUT, FIN, ESTABLISHED, CLOSE_WAIT", "INPUT, FIN, SYN_RECV, TIME_WAIT",
        "INPUT, FIN, FIN_WAIT, TIME_WAIT", "INPUT, FIN, LAST_ACK, LAST_ACK", "INPUT, FIN, SYNACK, TIME_WAIT",
        "INPUT, FIN, SYN_SENT, SYN_SENT",
        "INPUT, ACK, NONE, ESTABLISHED", "INPUT, ACK, SYN_RECV, ESTABLISHED", "INPUT, ACK, FIN_WAIT, FIN_WAIT",
        "INPUT, ACK, LAST_ACK, CLOSE", "INPUT, ACK, LISTEN, LISTEN", "INPUT, ACK, SYNACK, ESTABLISHED",
        "INPUT, ACK, CLOSE_WAIT, CLOSE_WAIT",
        "INPUT, RST, ESTABLISHED, CLOSE", "INPUT, RST, SYN_RECV, SYN_RECV", "INPUT, RST, LAST_ACK, LAST_ACK",
        "INPUT, RST, SYNACK, SYN_RECV", "INPUT, RST, NONE, CLOSE",

        "OUTPUT, SYN, NONE, SYN_SENT", "OUTPUT, SYNACK, SYN_RECV, SYN_RECV", "OUTPUT, SYN, LISTEN, LISTEN",
        "OUTPUT, SYN, SYNACK, SYN_RECV", "OUTPUT, SYN, TIME_WAIT, SYN_SENT", "OUTPUT, SYN, ESTABLISHED, ESTABLISHED",
        "OUTPUT, FIN, NONE, TIME_WAIT", "OUTPUT, FIN, ESTABLISHED, FIN_WAIT", "OUTPUT, FIN, CLOSE_WAIT, TIME_WAIT",
        "OUTPUT, FIN, SYN_SENT, SYN_SENT", "OUTPUT, FIN, CLOSE, CLOSE", "OUTPUT, FIN, SYN_RECV, TIME_WAIT",
        "OUTPUT, ACK, NONE, ESTABLISHED", "OUTPUT, ACK, LISTEN, ESTABLISHED", "OUTPUT, ACK, CLOSE_WAIT, CLOSE_WAIT",
        "OUTPUT, ACK, LAST_ACK, LAST_ACK", "OUTPUT, ACK, SYN_SENT, SYN_SENT",
        "OUTPUT, RST, ESTABLISHED, CLOSE", "OUTPUT, RST, SYN_SENT, SYN_SENT", "OUTPUT, RST, TIME_WAIT, TIME_WAIT",
        "OUTPUT, RST, LISTEN, CLOSE", "OUTPUT, RST, SYN_RECV, CLOSE",

        "INPUT_ONLY, SYN, NONE, SYN_RECV", "INPUT_ONLY, SYN, TIME_WAIT, SYN_RECV",
        "INPUT_ONLY, FIN, ESTABLISHED, FIN_WAIT", "INPUT_ONLY, FIN, CLOSE_WAIT, CLOSE_WAIT",
        "INPUT_ONLY, FIN, SYN_RECV, TIME_WAIT",
        "INPUT_ONLY, ACK, NONE, ESTABLISHED", "INPUT_ONLY, ACK, SYN_RECV, ESTABLISHED",
        "INPUT_ONLY, ACK, LAST_ACK, CLOSE", "INPUT_ONLY, ACK, FIN_WAIT, FIN_WAIT",
        "INPUT_ONLY, RST, SYNACK, CLOSE", "INPUT_ONLY, RST, ESTABLISHED, CLOSE", "INPUT_ONLY, RST, SYN_RECV, SYN_RECV",
    })
    void kernelTables(Direction dir, String packet, TcpState from, TcpState to) {
        check(dir, packet, from, to);
    }

    @Test
    void rstWinsOverSynWhichWinsOverFinAndAck() {
        assertThat(TcpStateTable.next(Direction.INPUT, TcpFlags.RST | TcpFlags.SYN, TcpState.ESTABLISHED.ordinal()))
                .isEqualTo(TcpState.CLOSE.ordinal());
        assertThat(TcpStateTable.next(Direction.INPUT, TcpFlags.SYN | TcpFlags.FIN, TcpState.NONE.ordinal()))
                .isEqualTo(TcpState.SYN_RECV.ordinal());
        assertThat(TcpStateTable.next(Direction.OUTPUT, TcpFlags.FIN | TcpFlags.ACK, TcpState.ESTABLISHED.ordinal()))
                .isEqualTo(TcpState.FIN_WAIT.ordinal());
    }

    @Test
    void aPacketWithoutSynFinAckOrRstCloses() {
        for (Direction d : Direction.values()) {
            check(d, "NONE", TcpState.ESTABLISHED, TcpState.CLOSE);
        }
        assertThat(TcpStateTable.next(Direction.INPUT, 0x08 /* PSH */, TcpState.ESTABLISHED.ordinal()))
                .isEqualTo(TcpState.CLOSE.ordinal());
    }

    @Test
    void everyCellIsAState() {
        for (Direction d : Direction.values()) {
            for (int flags : new int[] {TcpFlags.SYN, TcpFlags.FIN, TcpFlags.ACK, TcpFlags.RST}) {
                for (TcpState s : TcpState.values()) {
                    int next = TcpStateTable.next(d, flags, s.ordinal());
                    assertThat(next).isBetween(0, TcpState.values().length - 1);
                }
            }
        }
    }

    @Test
    void kernelTimeoutsAndActiveStates() {
        Timeouts t = new Timeouts(100, 50, 30);
        assertThat(TcpState.ESTABLISHED.timeoutSeconds(t)).isEqualTo(100);
        assertThat(TcpState.FIN_WAIT.timeoutSeconds(t)).isEqualTo(50);
        assertThat(TcpState.TIME_WAIT.timeoutSeconds(t)).isEqualTo(120);
        assertThat(TcpState.NONE.timeoutSeconds(Timeouts.DEFAULT)).isEqualTo(2);
        assertThat(TcpState.CLOSE.timeoutSeconds(Timeouts.DEFAULT)).isEqualTo(10);
        assertThat(TcpState.CLOSE_WAIT.timeoutSeconds(Timeouts.DEFAULT)).isEqualTo(60);
        assertThat(TcpState.LAST_ACK.timeoutSeconds(Timeouts.DEFAULT)).isEqualTo(30);
        assertThat(TcpState.SYN_RECV.timeoutSeconds(Timeouts.DEFAULT)).isEqualTo(60);
        assertThat(TcpState.SYN_SENT.timeoutSeconds(Timeouts.DEFAULT)).isEqualTo(120);
        assertThat(TcpState.LISTEN.timeoutSeconds(Timeouts.DEFAULT)).isEqualTo(120);
        assertThat(TcpState.SYNACK.timeoutSeconds(Timeouts.DEFAULT)).isEqualTo(120);
        assertThat(Arrays.stream(TcpState.values()).filter(TcpState::active))
                .containsExactly(TcpState.ESTABLISHED, TcpState.SYN_SENT, TcpState.SYN_RECV, TcpState.SYNACK);
    }
}
