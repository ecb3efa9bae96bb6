package io.fulcrum.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 connection that stays open between requests, reading answers by their Content-Length (what
 * {@code fulcrum backend} sends): a client that keeps its connection to one real server.
 */
final class KeepAliveClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;

    KeepAliveClient(InetSocketAddress to, int timeoutMillis) throws IOException {
        socket = new Socket();
        try {
            socket.connect(to, timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            in = socket.getInputStream();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends a GET and returns the answer's body. */
    String get() throws IOException {
        socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: vip\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String head = readHead();
        int length = -1;
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        if (length < 0) {
            throw new IOException("no Content-Length in " + head);
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("the connection closed" + (b.size() == 0 ? " without an answer" : " mid-answer"));
            }
            b.write(c);
            matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
