package io.fulcrum.ipvs.conn;

import static org.assertj.core.api.Assertions.assertThat;

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

    @ParameterizedTest(name = "input {0} in {1} -> {2}")
    @CsvSource({
        "SYN, NONE, SYN_RECV", "SYN, ESTABLISHED, ESTABLISHED", "SYN, SYN_SENT, ESTABLISHED",
        "SYN, TIME_WAIT, SYN_RECV", "SYN, CLOSE, SYN_RECV", "SYN, SYNACK, SYN_RECV",
        "FIN, NONE, CLOSE", "FIN, ESTABLISHED, CLOSE_WAIT", "FIN, SYN_RECV, TIME_WAIT", "FIN, FIN_WAIT, TIME_WAIT",
        "FIN, LAST_ACK, LAST_ACK", "FIN, SYNACK, TIME_WAIT", "FIN, SYN_SENT, SYN_SENT",
        "ACK, NONE, ESTABLISHED", "ACK, SYN_RECV, ESTABLISHED", "ACK, FIN_WAIT, FIN_WAIT", "ACK, LAST_ACK, CLOSE",
        "ACK, LISTEN, LISTEN", "ACK, SYNACK, ESTABLISHED", "ACK, CLOSE_WAIT, CLOSE_WAIT",
        "RST, ESTABLISHED, CLOSE", "RST, SYN_RECV, SYN_RECV", "RST, LAST_ACK, LAST_ACK", "RST, SYNACK, SYN_RECV",
        "RST, NONE, CLOSE",
    })
    void input(String packet, TcpState from, TcpState to) {
        check(Direction.INPUT, packet, from, to);
    }

    @ParameterizedTest(name = "output {0} in {1} -> {2}")
    @CsvSource({
        "SYN, NONE, SYN_SENT", "SYNACK, SYN_RECV, SYN_RECV", "SYN, LISTEN, LISTEN", "SYN, SYNACK, SYN_RECV",
        "SYN, TIME_WAIT, SYN_SENT", "SYN, ESTABLISHED, ESTABLISHED",
        "FIN, NONE, TIME_WAIT", "FIN, ESTABLISHED, FIN_WAIT", "FIN, CLOSE_WAIT, TIME_WAIT", "FIN, SYN_SENT, SYN_SENT",
        "FIN, CLOSE, CLOSE", "FIN, SYN_RECV, TIME_WAIT",
        "ACK, NONE, ESTABLISHED", "ACK, LISTEN, ESTABLISHED", "ACK, CLOSE_WAIT, CLOSE_WAIT", "ACK, LAST_ACK, LAST_ACK",
        "ACK, SYN_SENT, SYN_SENT",
        "RST, ESTABLISHED, CLOSE", "RST, SYN_SENT, SYN_SENT", "RST, TIME_WAIT, TIME_WAIT", "RST, LISTEN, CLOSE",
        "RST, SYN_RECV, CLOSE",
    })
    void output(String packet, TcpState from, TcpState to) {
        check(Direction.OUTPUT, packet, from, to);
    }

    @ParameterizedTest(name = "input-only {0} in {1} -> {2}")
    @CsvSource({
        "SYN, NONE, SYN_RECV", "SYN, TIME_WAIT, SYN_RECV",
        "FIN, ESTABLISHED, FIN_WAIT", "FIN, CLOSE_WAIT, CLOSE_WAIT", "FIN, SYN_RECV, TIME_WAIT",
        "ACK, NONE, ESTABLISHED", "ACK, SYN_RECV, ESTABLISHED", "ACK, LAST_ACK, CLOSE", "ACK, FIN_WAIT, FIN_WAIT",
        "RST, SYNACK, CLOSE", "RST, ESTABLISHED, CLOSE", "RST, SYN_RECV, SYN_RECV",
    })
    void inputOnly(String packet, TcpState from, TcpState to) {
        check(Direction.INPUT_ONLY, packet, from, to);
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
        assertThat(java.util.Arrays.stream(TcpState.values()).filter(TcpState::active))
                .containsExactly(TcpState.ESTABLISHED, TcpState.SYN_SENT, TcpState.SYN_RECV, TcpState.SYNACK);
    }
}
