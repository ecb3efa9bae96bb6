package io.fulcrum.check;

import io.fulcrum.config.model.Defaults;
import io.fulcrum.config.model.SmtpCheck;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code SMTP_CHECK} (keepalived's check_smtp.c): one probe connects, expects a 220 greeting, sends {@code HELO
 * helo_name}, expects 250, sends {@code QUIT} and waits for its answer (any answer). Every step is limited by
 * connect_timeout. Unlike keepalived, which reads only the first line of a reply, a multi-line reply
 * ({@code 220-...} lines then {@code 220 ...}) is read to its last line, so such greetings pass.
 *
 * <p>The failure lines are keepalived's and name the connect address and port, as it does
 * ({@code SMTP_CHECK Bad greeting banner from server [10.0.0.11]:25}); keepalived logs no separate line when the
 * checker goes down, so {@link #downLine} is the last failure's. bindto/bind_port are honoured; bind_if and fwmark
 * are ignored and reported once by {@link #warnings()}.
 */
public final class SmtpChecker implements Checker {

    private static final int MAX_LINE = 1024;
    private static final int MAX_LINES = 64;

    private final Endpoint endpoint;
    private final String heloName;
    private final String server;
    private final List<String> warnings;

    public SmtpChecker(SmtpCheck spec, CheckTarget target) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(target, "target");
        int rsPort = target.realServer().port();
        this.endpoint = Endpoint.of(spec.options().connection().orElseThrow(),
                rsPort > 0 ? rsPort : Defaults.SMTP_PORT);
        this.heloName = spec.heloName();
        this.server = target.rsName();
        this.warnings = endpoint.warnings(kind(), server);
    }

    /** The configured options this checker cannot honour (bind_if, fwmark), to be logged once. */
    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public String kind() {
        return "SMTP_CHECK";
    }

    /** A failed step, with keepalived's line. */
    private static final class Failed extends Exception {
        Failed(String line) {
            super(line, null, false, false);
        }
    }

    @Override
    public ProbeResult probe() throws InterruptedException {
        Interrupts.check();
        Socket s;
        try {
            s = endpoint.connectTcp();
        } catch (SocketTimeoutException e) {
            Interrupts.rethrow(e);
            return fail("Connection timeout to server");
        } catch (IOException e) {
            Interrupts.rethrow(e);
            return fail("Error connecting to server");
        }
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream(), 1024);
            OutputStream out = s.getOutputStream();
            if (reply(in) != 220) {
                return fail("Bad greeting banner from server");
            }
            write(out, "HELO " + heloName + "\r\n");
            if (reply(in) != 250) {
                return fail("Bad HELO response from server");
            }
            write(out, "QUIT\r\n");
            reply(in);
            return ProbeResult.Success.plain();
        } catch (Failed f) {
            return new ProbeResult.Failure(f.getMessage());
        } catch (IOException e) {
            Interrupts.rethrow(e);
            return fail("Read failure from server");
        }
    }

    private ProbeResult.Failure fail(String what) {
        return new ProbeResult.Failure(line(what));
    }

    private String line(String what) {
        return "SMTP_CHECK " + what + " " + endpoint.pair();
    }

    private void write(OutputStream out, String line) throws Failed, InterruptedException {
        try {
            out.write(line.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (SocketTimeoutException e) {
            Interrupts.rethrow(e);
            throw new Failed(line("Write timeout to server"));
        } catch (IOException e) {
            Interrupts.rethrow(e);
            throw new Failed(line("Write failure to server"));
        }
    }

    /** The code of a reply, reading continuation lines ({@code 250-...}); -1 when a line has no code. */
    private int reply(InputStream in) throws Failed, InterruptedException {
        for (int i = 0; i < MAX_LINES; i++) {
            String l = readLine(in);
            int code = code(l);
            if (code < 0 || l.length() < 4 || l.charAt(3) != '-') {
                return code;
            }
        }
        throw new Failed(line("Read failure from server"));
    }

    /** keepalived's smtp_get_status: three digits, then a space, a dash (continuation) or the end; else -1. */
    static int code(String line) {
        if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                || !Character.isDigit(line.charAt(2))) {
            return -1;
        }
        if (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-' && line.charAt(3) != '\r') {
            return -1;
        }
        return Integer.parseInt(line.substring(0, 3));
    }

    private String readLine(InputStream in) throws Failed, InterruptedException {
        StringBuilder sb = new StringBuilder();
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new Failed(line("Read failure from server"));
                }
                if (b == '\n') {
                    return sb.toString();
                }
                if (sb.length() < MAX_LINE) {
                    sb.append((char) b);
                }
            }
        } catch (SocketTimeoutException e) {
            Interrupts.rethrow(e);
            throw new Failed(line("Read timeout from server"));
        } catch (IOException e) {
            Interrupts.rethrow(e);
            throw new Failed(line("Read failure from server"));
        }
    }

    @Override
    public Duration timeout() {
        return endpoint.timeout();
    }

    @Override
    public String upLine() {
        return "Remote SMTP server " + server + " succeed on service.";
    }

    @Override
    public String downLine(long retries, ProbeResult.Failure last) {
        return last.line();
    }
}
