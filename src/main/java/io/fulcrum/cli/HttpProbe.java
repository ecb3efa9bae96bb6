package io.fulcrum.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One HTTP/1.1 GET of {@code /} on a new connection ({@code Connection: close}), read to the end: what the demo
 * sends through the virtual server, so that each request is scheduled afresh.
 */
final class HttpProbe {

    /** The status line and the body of an answer. */
    record Answer(String statusLine, String body) {
    }

    private HttpProbe() {
    }

    static Answer get(InetSocketAddress to, Duration timeout) throws IOException {
        try (Socket s = new Socket()) {
            int millis = (int) timeout.toMillis();
            s.connect(to, millis);
            s.setSoTimeout(millis);
            OutputStream out = s.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + to.getHostString() + ":" + to.getPort()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int head = all.indexOf("\r\n\r\n");
            if (head < 0) {
                throw new IOException(all.isEmpty() ? "the connection closed without an answer"
                        : "not an HTTP answer: " + all.lines().findFirst().orElse(""));
            }
            return new Answer(all.substring(0, all.indexOf("\r\n")), all.substring(head + 4));
        }
    }
}
