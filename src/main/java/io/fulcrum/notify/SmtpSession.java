package io.fulcrum.notify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * One SMTP conversation with keepalived's steps and words: connect, 220, HELO/250, MAIL/250, RCPT/250 per address,
 * DATA/354, the message/250, QUIT/221; every connect and read bounded by smtp_connect_timeout. The first problem
 * ends it (after a courtesy QUIT when the server still listens) and becomes its one log line.
 */
final class SmtpSession {

    /** keepalived's receive buffer: a reply longer than this is an error. */
    static final int BUFFER_MAX = 1024;

    /** How it went: whether the server accepted the message, and the line to log when something failed. */
    record Outcome(boolean delivered, Optional<String> problem) {
    }

    private final InetSocketAddress server;
    private final String name;
    private final int timeoutMillis;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private InputStream in;
    private OutputStream out;

    private SmtpSession(InetSocketAddress server, Duration timeout) {
        this.server = server;
        this.name = hostText(server);
        this.timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /** keepalived's inet_sockaddrtopair: {@code [192.0.2.1]:25}, {@code [2001:db8::1]:25}. */
    static String hostText(InetSocketAddress a) {
        String host = a.isUnresolved() ? a.getHostString() : a.getAddress().getHostAddress();
        int scope = host.indexOf('%');
        return "[" + (scope >= 0 ? host.substring(0, scope) : host) + "]:" + a.getPort();
    }

    static Outcome deliver(InetSocketAddress server, Duration timeout, SmtpMessage message) {
        return new SmtpSession(server, timeout).run(message);
    }

    private Outcome run(SmtpMessage message) {
        if (server.isUnresolved()) {
            return failed("SMTP connection ERROR to " + name + ".");
        }
        try (Socket socket = new Socket()) {
            try {
                socket.connect(server, timeoutMillis);
                socket.setSoTimeout(timeoutMillis);
                in = socket.getInputStream();
                out = socket.getOutputStream();
            } catch (SocketTimeoutException e) {
                return failed("Timeout opening connection to remote SMTP server " + name + ".");
            } catch (ConnectException e) {
                return failed("SMTP connection ERROR to " + name + ".");
            }
            return converse(message);
        } catch (IOException e) {
            return failed("SMTP connection ERROR to " + name + ".");
        }
    }

    private Outcome converse(SmtpMessage message) {
        try {
            expect(220, "(E)SMTP");
            send(message.heloCommand());
            expect(250, "HELO");
            send(message.mailCommand());
            expect(250, "MAIL");
            for (String to : message.recipients()) {
                send(message.rcptCommand(to));
                expect(250, "RCPT");
            }
            send("DATA\r\n");
            expect(354, "DATA");
            send(message.data());
            expect(250, "BODY");
        } catch (Problem p) {
            if (p.serverListens) {
                quietQuit();
            }
            return failed(p.getMessage());
        }
        try {
            send("QUIT\r\n");
            expect(221, "QUIT");
        } catch (Problem p) {
            return new Outcome(true, Optional.of(p.getMessage()));
        }
        return new Outcome(true, Optional.empty());
    }

    private static Outcome failed(String line) {
        return new Outcome(false, Optional.of(line));
    }

    /** A step that failed, with keepalived's line for it. */
    private static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean serverListens;

        Problem(String line, boolean serverListens) {
            super(line, null, false, false);
            this.serverListens = serverListens;
        }
    }

    private void send(String text) throws Problem {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new Problem("Cannot send data to remote SMTP server " + name + ".", false);
        }
    }

    private void expect(int code, String command) throws Problem {
        int status = readStatus();
        if (status != code) {
            throw new Problem("Error processing " + command + " cmd on SMTP server " + name
                    + ". SMTP status code = " + status, true);
        }
    }

    private void quietQuit() {
        try {
            send("QUIT\r\n");
            readStatus();
        } catch (Problem ignored) {
            // the conversation already failed; its first problem is the one reported
        }
    }

    /** Reads up to the last line of one reply (skipping {@code NNN-} continuation lines) and returns its code. */
    private int readStatus() throws Problem {
        byte[] chunk = new byte[BUFFER_MAX];
        while (true) {
            byte[] seen = pending.toByteArray();
            int lineStart = 0;
            for (int i = 0; i + 1 < seen.length; i++) {
                if (seen[i] != '\r' || seen[i + 1] != '\n') {
                    continue;
                }
                boolean continuation = i - lineStart > 3 && seen[lineStart + 3] == '-';
                if (!continuation) {
                    int status = code(seen, lineStart, i);
                    pending.reset();
                    pending.write(seen, i + 2, seen.length - i - 2);
                    return status;
                }
                lineStart = i + 2;
            }
            int n;
            try {
                n = in.read(chunk);
            } catch (SocketTimeoutException e) {
                throw new Problem("Timeout reading data to remote SMTP server " + name + ".", true);
            } catch (IOException e) {
                throw new Problem("Error reading data from remote SMTP server " + name + ".", false);
            }
            if (n < 0) {
                throw new Problem("Remote SMTP server " + name + " has closed the connection.", false);
            }
            if (seen.length + n >= BUFFER_MAX) {
                pending.reset();
                throw new Problem("Received buffer from remote SMTP server " + name
                        + " overflow our get read buffer length.", true);
            }
            pending.write(chunk, 0, n);
        }
    }

    /** The three-digit code at the start of a reply line (keepalived reads three characters as digits). */
    private static int code(byte[] b, int from, int to) {
        if (to - from < 3) {
            return -1;
        }
        return (b[from] - '0') * 100 + (b[from + 1] - '0') * 10 + (b[from + 2] - '0');
    }
}
