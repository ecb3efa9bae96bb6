package io.fulcrum.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A raw HTTP/1.x client over one socket: writes request text, reads responses framed by Content-Length. */
final class HttpClientConnection implements AutoCloseable {

    /** One response: status line, headers (names lower-cased) and body. */
    record Response(String statusLine, Map<String, String> headers, byte[] body) {
        int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Socket socket;
    private final InputStream in;

    HttpClientConnection(BackendAddress to) throws IOException {
        socket = new Socket();
        socket.connect(to.socketAddress(), 5000);
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
    }

    void send(String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Reads one response; {@code head} when it answers a HEAD (no body, whatever Content-Length says). */
    Response read(boolean head) throws IOException {
        String statusLine = line();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(); !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
        }
        int length = head ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new Response(statusLine, headers, in.readNBytes(length));
    }

    Response read() throws IOException {
        return read(false);
    }

    /** True when the server has closed the connection (nothing more to read). */
    boolean closedByServer() throws IOException {
        return in.read() < 0;
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed in the middle of a response head");
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
