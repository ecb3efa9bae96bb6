package io.fulcrum.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.model.UdpCheck;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UdpCheckerTest {

    private static UdpChecker checker(int port, String body) {
        CheckFixtures.Loaded l = CheckFixtures.realServer(port).udp().checker("UDP_CHECK {\n" + body + "\n}");
        return new UdpChecker((UdpCheck) l.checker(), l.target());
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void withoutRequireReplySilencePassesAfterTheTimeout() throws Exception {
        try (TestServers.Udp server = new TestServers.Udp(d -> List.of())) {
            UdpChecker c = checker(server.port(), "payload 01 02 ab\nconnect_timeout 0.3");
            assertThat(c.probe()).isEqualTo(ProbeResult.Success.plain());
            assertThat(server.received.poll(5, TimeUnit.SECONDS)).containsExactly(1, 2, 0xab);
            assertThat(c.kind()).isEqualTo("UDP_CHECK");
            assertThat(c.upLine()).isEqualTo("UDP connection to [127.0.0.1]:udp:" + server.port() + " success.");
        }
    }

    @Test
    void withoutAPayloadRandomBytesAreSent() throws Exception {
        try (TestServers.Udp server = new TestServers.Udp(d -> List.of(new byte[] {1}))) {
            assertThat(checker(server.port(), "connect_timeout 2").probe()).isEqualTo(ProbeResult.Success.plain());
            assertThat(server.received.poll(5, TimeUnit.SECONDS)).hasSize(32);
        }
    }

    @Test
    void aClosedPortFailsOnIcmpPortUnreachable() throws Exception {
        int closed = TestServers.closedUdpPort();
        UdpChecker c = checker(closed, "connect_timeout 2");
        ProbeResult r = c.probe();
        assertThat(r).isEqualTo(new ProbeResult.Failure("UDP connection to [127.0.0.1]:udp:" + closed + " failed."));
        assertThat(c.downLine(1, (ProbeResult.Failure) r))
                .isEqualTo("UDP_CHECK on service [127.0.0.1]:udp:" + closed + " failed after 1 retries.");
    }

    @Test
    void requireReplyMatchesDataWithWildcards() throws Exception {
        try (TestServers.Udp server = new TestServers.Udp(d -> List.of(hex("ab12cd34ff")))) {
            assertThat(checker(server.port(), "require_reply ab x2 cd\nconnect_timeout 2").probe())
                    .isEqualTo(ProbeResult.Success.plain());
            assertThat(checker(server.port(), "require_reply ab 13\nconnect_timeout 2").probe())
                    .isEqualTo(new ProbeResult.Failure("UDP check to [127.0.0.1]:udp:" + server.port()
                            + " reply data mismatch."));
            assertThat(checker(server.port(), "require_reply\nconnect_timeout 2").probe())
                    .isEqualTo(ProbeResult.Success.plain());
        }
    }

    @Test
    void requireReplyChecksTheReplyLength() throws Exception {
        try (TestServers.Udp server = new TestServers.Udp(d -> List.of(hex("0102030405")))) {
            assertThat(checker(server.port(), "require_reply 01\nmin_reply_length 5\nmax_reply_length 5\n"
                    + "connect_timeout 2").probe()).isEqualTo(ProbeResult.Success.plain());
            assertThat(checker(server.port(), "require_reply 01\nmin_reply_length 6\nconnect_timeout 2").probe())
                    .isInstanceOf(ProbeResult.Failure.class);
            assertThat(checker(server.port(), "require_reply 01\nmax_reply_length 4\nconnect_timeout 2").probe())
                    .isInstanceOf(ProbeResult.Failure.class);
        }
    }

    @Test
    void requireReplyWithoutAReplyFails() throws Exception {
        try (TestServers.Udp server = new TestServers.Udp(d -> List.of())) {
            assertThat(checker(server.port(), "require_reply\nconnect_timeout 0.3").probe())
                    .isEqualTo(new ProbeResult.Failure("UDP connection to [127.0.0.1]:udp:" + server.port()
                            + " failed."));
        }
    }

    @Test
    void anInterruptedProbeReturnsPromptly() throws Exception {
        try (TestServers.Udp server = new TestServers.Udp(d -> List.of())) {
            UdpChecker c = checker(server.port(), "require_reply\nconnect_timeout 30");
            java.util.concurrent.CompletableFuture<Object> outcome = new java.util.concurrent.CompletableFuture<>();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    outcome.complete(c.probe());
                } catch (InterruptedException e) {
                    outcome.complete(e);
                }
            });
            assertThat(server.received.poll(5, TimeUnit.SECONDS)).isNotNull();
            t.interrupt();
            assertThat(outcome.get(2, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        }
    }
}
