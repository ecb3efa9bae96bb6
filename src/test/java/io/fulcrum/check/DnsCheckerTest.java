package io.fulcrum.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.model.DnsCheck;
import io.fulcrum.config.model.DnsType;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class DnsCheckerTest {

    private static DnsChecker checker(int port, String body) {
        CheckFixtures.Loaded l = CheckFixtures.realServer(port).udp().checker("DNS_CHECK {\n" + body + "\n}");
        return new DnsChecker((DnsCheck) l.checker(), l.target());
    }

    /** A response to {@code query}: its id (xor {@code idFlip}), QR set, {@code rcode}, {@code answers} answers. */
    private static byte[] response(byte[] query, int idFlip, int rcode, int answers) {
        byte[] r = Arrays.copyOf(query, query.length);
        r[1] ^= (byte) idFlip;
        r[2] = (byte) (0x80 | (query[2] & 0x01));
        r[3] = (byte) (0x80 | rcode);
        r[7] = (byte) answers;
        return r;
    }

    private static TestServers.Udp dns(Function<byte[], List<byte[]>> responder) throws Exception {
        return new TestServers.Udp(responder);
    }

    @Test
    void aNoErrorAnswerWithTheQueryIdPasses() throws Exception {
        try (TestServers.Udp server = dns(q -> List.of(response(q, 0, 0, 1)))) {
            DnsChecker c = checker(server.port(), "type A\nname www.example.com.\nconnect_timeout 2");
            assertThat(c.probe()).isEqualTo(ProbeResult.Success.plain());
            byte[] q = server.received.poll(5, TimeUnit.SECONDS);
            // RD set, one question, www.example.com type A class IN
            assertThat(HexFormat.of().formatHex(q, 2, q.length))
                    .isEqualTo("0100000100000000000003777777076578616d706c6503636f6d0000010001");
            assertThat(c.kind()).isEqualTo("DNS_CHECK");
        }
    }

    @Test
    void theDefaultQueryIsSoaForTheRoot() throws Exception {
        try (TestServers.Udp server = dns(q -> List.of(response(q, 0, 0, 1)))) {
            assertThat(checker(server.port(), "connect_timeout 2").probe()).isEqualTo(ProbeResult.Success.plain());
            byte[] q = server.received.poll(5, TimeUnit.SECONDS);
            assertThat(HexFormat.of().formatHex(q, 12, q.length)).isEqualTo("0000060001");
        }
    }

    @Test
    void anEmptyNoErrorAnswerPassesAsInKeepalived() throws Exception {
        try (TestServers.Udp server = dns(q -> List.of(response(q, 0, 0, 0)))) {
            assertThat(checker(server.port(), "connect_timeout 2").probe()).isEqualTo(ProbeResult.Success.plain());
        }
    }

    @Test
    void servfailFails() throws Exception {
        try (TestServers.Udp server = dns(q -> List.of(response(q, 0, 2, 0)))) {
            DnsChecker c = checker(server.port(), "connect_timeout 2");
            ProbeResult r = c.probe();
            String line = "DNS_CHECK ([127.0.0.1]:udp:" + server.port() + ") read error occurred. (rcode = 2)";
            assertThat(r).isEqualTo(new ProbeResult.Failure(line));
            assertThat(c.downLine(3, (ProbeResult.Failure) r)).isEqualTo(line + " after 3 retries");
            assertThat(c.downLine(0, (ProbeResult.Failure) r)).isEqualTo(line);
        }
    }

    @Test
    void aWrongIdOrAQueryIsIgnoredAndTheRightAnswerStillCounts() throws Exception {
        try (TestServers.Udp server = dns(q -> List.of(response(q, 1, 0, 1), q, new byte[3],
                response(q, 0, 0, 1)))) {
            assertThat(checker(server.port(), "connect_timeout 2").probe()).isEqualTo(ProbeResult.Success.plain());
        }
    }

    @Test
    void onlyAWrongIdIsATimeout() throws Exception {
        try (TestServers.Udp server = dns(q -> List.of(response(q, 1, 0, 1)))) {
            assertThat(checker(server.port(), "connect_timeout 0.5").probe()).isEqualTo(new ProbeResult.Failure(
                    "DNS_CHECK ([127.0.0.1]:udp:" + server.port() + ") read timeout from socket"));
        }
    }

    @Test
    void noAnswerIsATimeoutAndAClosedPortIsRefused() throws Exception {
        try (TestServers.Udp server = dns(q -> List.of())) {
            assertThat(checker(server.port(), "connect_timeout 0.5").probe()).isEqualTo(new ProbeResult.Failure(
                    "DNS_CHECK ([127.0.0.1]:udp:" + server.port() + ") read timeout from socket"));
        }
        int closed = TestServers.closedUdpPort();
        assertThat(checker(closed, "connect_timeout 2").probe()).isEqualTo(new ProbeResult.Failure(
                "DNS_CHECK ([127.0.0.1]:udp:" + closed + ") failed to read socket; errno 111 (Connection refused)"));
    }

    @Test
    void queriesAreEncodedWithBoundsChecks() {
        assertThat(HexFormat.of().formatHex(DnsMessages.query(0x1234, "example.com", DnsType.AAAA)))
                .isEqualTo("123401000001000000000000076578616d706c6503636f6d00001c0001");
        assertThat(DnsMessages.qname(".")).containsExactly(0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DnsMessages.qname("a".repeat(64) + ".com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 bytes");
        assertThat(DnsMessages.header(new byte[11], 11)).isEmpty();
        assertThat(DnsMessages.header(HexFormat.of().parseHex("abcd818300010000000000000000"), 14))
                .hasValueSatisfying(h -> {
                    assertThat(h.id()).isEqualTo(0xabcd);
                    assertThat(h.isResponse()).isTrue();
                    assertThat(h.rcode()).isEqualTo(3);
                    assertThat(h.questions()).isEqualTo(1);
                });
    }

    @Test
    void aNameThatCannotBeEncodedIsReportedAndFails() throws Exception {
        DnsChecker c = checker(TestServers.closedUdpPort(), "name " + "a".repeat(64) + ".com\nconnect_timeout 1");
        assertThat(c.warnings()).singleElement().asString().contains("the checker always fails");
        assertThat(c.probe()).isInstanceOf(ProbeResult.Failure.class);
    }
}
