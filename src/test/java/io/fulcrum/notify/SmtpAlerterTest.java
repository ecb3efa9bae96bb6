package io.fulcrum.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.model.EmailSettings;
import io.fulcrum.config.model.SmtpServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Against an in-process SMTP server on 127.0.0.1: the exact bytes of keepalived's session and message. */
class SmtpAlerterTest {

    private static final Clock MARCH_1 = Clock.fixed(Instant.parse("2021-03-01T09:44:08Z"), ZoneOffset.UTC);

    private final List<String> log = new CopyOnWriteArrayList<>();

    private static EmailSettings settings(int port, List<String> to, Optional<String> from, Optional<String> helo,
            Duration timeout) {
        return new EmailSettings(to, from, Optional.of(new SmtpServer("127.0.0.1", port)), helo, timeout,
                Optional.empty(), Optional.empty(), Optional.empty(), false, false, false);
    }

    private SmtpAlerter alerter(EmailSettings settings, Clock clock) {
        return new SmtpAlerter(settings, "lb1.example.org", clock, log::add);
    }

    @Test
    void theSessionAndMessageAreKeepalivedsByteForByte() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer("220 mx ESMTP\r\n", FakeSmtpServer::accepting)) {
            EmailSettings s = settings(server.port(), List.of("ops@example.org", "Bob Smith <bob@example.org>"),
                    Optional.of("Keepalived <ka@example.org>"), Optional.of("director1"), Duration.ofSeconds(5));
            boolean delivered = alerter(s, MARCH_1).send("[lb1] VRRP Instance VI_1 - Entering MASTER state",
                    "=> VRRP Instance is now owning VRRP VIPs <=").get(10, TimeUnit.SECONDS);
            assertThat(delivered).isTrue();
            assertThat(server.transcript().get(10, TimeUnit.SECONDS)).isEqualTo(""
                    + "HELO director1\r\n"
                    + "MAIL FROM:<ka@example.org>\r\n"
                    + "RCPT TO:<ops@example.org>\r\n"
                    + "RCPT TO:<bob@example.org>\r\n"
                    + "DATA\r\n"
                    + "Date: Mon, 01 Mar 2021 09:44:08 +0000\r\n"
                    + "From: Keepalived <ka@example.org>\r\n"
                    + "Subject: [lb1] VRRP Instance VI_1 - Entering MASTER state\r\n"
                    + "X-Mailer: Keepalived\r\n"
                    + "To: ops@example.org,\r\n"
                    + " Bob Smith <bob@example.org>\r\n"
                    + "\r\n"
                    + "=> VRRP Instance is now owning VRRP VIPs <=\r\n"
                    + "\r\n"
                    + ".\r\n"
                    + "QUIT\r\n");
        }
        assertThat(log).isEmpty();
    }

    @Test
    void heloAndFromDefaultToTheLocalName() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer("220 mx\r\n", FakeSmtpServer::accepting)) {
            EmailSettings s = settings(server.port(), List.of("ops@example.org"), Optional.empty(),
                    Optional.empty(), Duration.ofSeconds(5));
            assertThat(alerter(s, MARCH_1).send("s", "b").get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(server.transcript().get(10, TimeUnit.SECONDS))
                    .startsWith("HELO lb1.example.org\r\nMAIL FROM:<keepalived@lb1.example.org>\r\n")
                    .contains("\r\nFrom: keepalived@lb1.example.org\r\n", "\r\nTo: ops@example.org\r\n\r\nb\r\n");
        }
    }

    @Test
    void theDateIsTheWallClocksLocalTime() {
        ZonedDateTime july = ZonedDateTime.of(2024, 7, 14, 23, 5, 9, 0, ZoneId.of("Europe/Paris"));
        SmtpMessage m = new SmtpMessage("h", "f", List.of("t"), "s", "b", july);
        assertThat(m.data()).startsWith("Date: Sun, 14 Jul 2024 23:05:09 +0200\r\n");
    }

    @Test
    void theBodyGetsCrlfAndDotStuffingAndTheSubjectStaysOneLine() {
        SmtpMessage m = new SmtpMessage("h", "f", List.of("t"), "two\nlines", ".\nfirst\n.hidden\r\nlast",
                ZonedDateTime.ofInstant(MARCH_1.instant(), ZoneOffset.UTC));
        assertThat(m.data()).contains("\r\nSubject: two lines\r\n")
                .endsWith("\r\nTo: t\r\n\r\n..\r\nfirst\r\n..hidden\r\nlast\r\n\r\n.\r\n");
    }

    @Test
    void envelopeAddressesFollowKeepalivedsRule() {
        assertThat(SmtpMessage.envelope("a@b")).isEqualTo("<a@b>");
        assertThat(SmtpMessage.envelope("Name <a@b>")).isEqualTo("<a@b>");
        assertThat(SmtpMessage.envelope("<a@b>")).isEqualTo("<a@b>");
        assertThat(SmtpMessage.envelope("odd>")).isEqualTo("<odd>>");
    }

    @Test
    void multiLineRepliesAreReadToTheirLastLine() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer("220-mx.example.org ESMTP\r\n220-hello\r\n220 ready\r\n",
                line -> line.startsWith("HELO") ? "250-mx\r\n250-PIPELINING\r\n250 8BITMIME\r\n"
                        : FakeSmtpServer.accepting(line))) {
            EmailSettings s = settings(server.port(), List.of("ops@example.org"), Optional.empty(),
                    Optional.empty(), Duration.ofSeconds(5));
            assertThat(alerter(s, MARCH_1).send("s", "b").get(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(log).isEmpty();
    }

    @Test
    void aRefusedRecipientGivesOneLineAndAQuit() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer("220 mx\r\n",
                line -> line.contains("bad@") ? "550 5.1.1 no such user\r\n" : FakeSmtpServer.accepting(line))) {
            EmailSettings s = settings(server.port(), List.of("ok@example.org", "bad@example.org",
                    "never@example.org"), Optional.empty(), Optional.empty(), Duration.ofSeconds(5));
            assertThat(alerter(s, MARCH_1).send("s", "b").get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(server.transcript().get(10, TimeUnit.SECONDS)).isEqualTo("HELO lb1.example.org\r\n"
                    + "MAIL FROM:<keepalived@lb1.example.org>\r\nRCPT TO:<ok@example.org>\r\n"
                    + "RCPT TO:<bad@example.org>\r\nQUIT\r\n");
            assertThat(log).containsExactly("Error processing RCPT cmd on SMTP server [127.0.0.1]:" + server.port()
                    + ". SMTP status code = 550");
        }
    }

    @Test
    void aBadGreetingIsReportedAsKeepalivedNamesIt() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer("554 go away\r\n", FakeSmtpServer::accepting)) {
            EmailSettings s = settings(server.port(), List.of("ops@example.org"), Optional.empty(),
                    Optional.empty(), Duration.ofSeconds(5));
            assertThat(alerter(s, MARCH_1).send("s", "b").get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(log).containsExactly("Error processing (E)SMTP cmd on SMTP server [127.0.0.1]:"
                    + server.port() + ". SMTP status code = 554");
        }
    }

    @Test
    void anUnreachableServerGivesOneLineAndNeverBlocksTheCaller() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        EmailSettings s = settings(closedPort, List.of("ops@example.org"), Optional.empty(), Optional.empty(),
                Duration.ofSeconds(30));
        long start = System.nanoTime();
        CompletableFuture<Boolean> sent = alerter(s, MARCH_1).send("s", "b");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
        assertThat(sent.get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(log).containsExactly("SMTP connection ERROR to [127.0.0.1]:" + closedPort + ".");
    }

    @Test
    void aSilentServerTimesOutWithOneLine() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(null, FakeSmtpServer::accepting)) {
            EmailSettings s = settings(server.port(), List.of("ops@example.org"), Optional.empty(),
                    Optional.empty(), Duration.ofMillis(300));
            long start = System.nanoTime();
            CompletableFuture<Boolean> sent = alerter(s, MARCH_1).send("s", "b");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
            assertThat(sent.get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(log).containsExactly("Timeout reading data to remote SMTP server [127.0.0.1]:"
                    + server.port() + ".");
        }
    }

    @Test
    void aServerThatHangsUpIsReported() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer("220 mx\r\n", line -> null)) {
            EmailSettings s = settings(server.port(), List.of("ops@example.org"), Optional.empty(),
                    Optional.empty(), Duration.ofSeconds(5));
            assertThat(alerter(s, MARCH_1).send("s", "b").get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(log).containsExactly("Remote SMTP server [127.0.0.1]:" + server.port()
                    + " has closed the connection.");
        }
    }

    @Test
    void aFailedQuitStillCountsTheAlertAsDelivered() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer("220 mx\r\n",
                line -> line.startsWith("QUIT") ? "500 what\r\n" : FakeSmtpServer.accepting(line))) {
            EmailSettings s = settings(server.port(), List.of("ops@example.org"), Optional.empty(),
                    Optional.empty(), Duration.ofSeconds(5));
            assertThat(alerter(s, MARCH_1).send("s", "b").get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(log).containsExactly("Error processing QUIT cmd on SMTP server [127.0.0.1]:" + server.port()
                    + ". SMTP status code = 500");
        }
    }

    @Test
    void withoutServerOrRecipientsNothingIsSent() throws Exception {
        SmtpAlerter none = alerter(EmailSettings.defaults(), MARCH_1);
        assertThat(none.enabled()).isFalse();
        assertThat(none.send("s", "b").get()).isFalse();
        SmtpAlerter noRecipients = alerter(settings(25, List.of(), Optional.empty(), Optional.empty(),
                Duration.ofSeconds(1)), MARCH_1);
        assertThat(noRecipients.enabled()).isFalse();
        assertThat(log).isEmpty();
    }
}
