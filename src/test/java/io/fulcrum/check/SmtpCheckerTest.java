package io.fulcrum.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.model.SmtpCheck;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SmtpCheckerTest {

    private static SmtpChecker checker(int port, String body) {
        CheckFixtures.Loaded l = CheckFixtures.realServer(port).checker("SMTP_CHECK {\n" + body + "\n}");
        return new SmtpChecker((SmtpCheck) l.checker(), l.target());
    }

    /** An SMTP server: greets with {@code greeting}, answers HELO with {@code helo}, QUIT with 221; records lines. */
    private static TestServers.Tcp smtp(String greeting, String helo, BlockingQueue<String> lines) throws Exception {
        return TestServers.tcp(s -> {
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            out.write(greeting.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("HELO ")) {
                    out.write(helo.getBytes(StandardCharsets.US_ASCII));
                } else if (line.equals("QUIT")) {
                    out.write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    s.close();
                    return;
                }
                out.flush();
            }
        });
    }

    @Test
    void greetingHeloQuit() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        try (TestServers.Tcp server = smtp("220 mx.example.com ESMTP\r\n", "250 hello\r\n", lines)) {
            SmtpChecker c = checker(server.port(), "helo_name director.example.com\nconnect_timeout 2");
            assertThat(c.probe()).isEqualTo(ProbeResult.Success.plain());
            assertThat(lines.poll(5, TimeUnit.SECONDS)).isEqualTo("HELO director.example.com");
            assertThat(lines.poll(5, TimeUnit.SECONDS)).isEqualTo("QUIT");
            assertThat(c.kind()).isEqualTo("SMTP_CHECK");
            assertThat(c.upLine()).isEqualTo("Remote SMTP server [127.0.0.1]:tcp:" + server.port()
                    + " succeed on service.");
        }
    }

    @Test
    void theDefaultHeloNameIsKeepalivedsAndMultiLineRepliesAreRead() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        try (TestServers.Tcp server = smtp("220-mx.example.com\r\n220-more\r\n220 ready\r\n",
                "250-mx.example.com\r\n250 PIPELINING\r\n", lines)) {
            assertThat(checker(server.port(), "connect_timeout 2").probe()).isEqualTo(ProbeResult.Success.plain());
            assertThat(lines.poll(5, TimeUnit.SECONDS)).isEqualTo("HELO smtpchecker.keepalived.org");
        }
    }

    @Test
    void aBadGreetingFails() throws Exception {
        try (TestServers.Tcp server = smtp("554 go away\r\n", "250 hello\r\n", new LinkedBlockingQueue<>())) {
            SmtpChecker c = checker(server.port(), "connect_timeout 2");
            ProbeResult r = c.probe();
            assertThat(r).isEqualTo(new ProbeResult.Failure(
                    "SMTP_CHECK Bad greeting banner from server [127.0.0.1]:" + server.port()));
            assertThat(c.downLine(1, (ProbeResult.Failure) r)).isEqualTo(((ProbeResult.Failure) r).line());
        }
    }

    @Test
    void aBadHeloAnswerFails() throws Exception {
        try (TestServers.Tcp server = smtp("220 hi\r\n", "501 who?\r\n", new LinkedBlockingQueue<>())) {
            assertThat(checker(server.port(), "connect_timeout 2").probe()).isEqualTo(new ProbeResult.Failure(
                    "SMTP_CHECK Bad HELO response from server [127.0.0.1]:" + server.port()));
        }
    }

    @Test
    void aSilentServerIsAReadTimeoutAndAClosedPortAConnectError() throws Exception {
        try (TestServers.Tcp server = TestServers.silent()) {
            assertThat(checker(server.port(), "connect_timeout 0.5").probe()).isEqualTo(new ProbeResult.Failure(
                    "SMTP_CHECK Read timeout from server [127.0.0.1]:" + server.port()));
        }
        int closed = TestServers.closedPort();
        assertThat(checker(closed, "connect_timeout 2").probe()).isEqualTo(new ProbeResult.Failure(
                "SMTP_CHECK Error connecting to server [127.0.0.1]:" + closed));
    }

    @Test
    void replyCodesAreThreeDigitsThenSpaceDashOrEnd() {
        assertThat(SmtpChecker.code("220 ok")).isEqualTo(220);
        assertThat(SmtpChecker.code("250")).isEqualTo(250);
        assertThat(SmtpChecker.code("250-more")).isEqualTo(250);
        assertThat(SmtpChecker.code("2500 x")).isEqualTo(-1);
        assertThat(SmtpChecker.code("22 x")).isEqualTo(-1);
        assertThat(SmtpChecker.code("abc")).isEqualTo(-1);
    }
}
