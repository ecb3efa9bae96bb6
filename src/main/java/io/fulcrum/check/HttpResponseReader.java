package io.fulcrum.check;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads one HTTP/1.x response from a stream: the head up to the empty line, then the body framed by chunked
 * transfer coding, by Content-Length, or by the end of the connection (keepalived closes after each url). Bounded:
 * the head at {@link #MAX_HEAD} bytes, the body at the caller's limit; malformed framing is a typed
 * {@link HttpReadException}, never an index error.
 *
 * <p>As keepalived: a body shorter than its Content-Length is accepted as received (keepalived logs the mismatch
 * and checks what it got), a body longer than it is cut at Content-Length. Unlike keepalived, a chunked body is
 * decoded, so digest and regex see the entity rather than the chunk framing.
 */
final class HttpResponseReader {

    /** Largest head (status line and headers) accepted. */
    static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_LINE = 8 * 1024;

    private final InputStream in;
    private final int maxBody;

    private HttpResponseReader(InputStream in, int maxBody) {
        this.in = new BufferedInputStream(in, 16 * 1024);
        this.maxBody = maxBody;
    }

    /** Reads a response; {@code maxBody} bounds the decoded body. */
    static HttpResponse read(InputStream in, int maxBody) throws IOException {
        return new HttpResponseReader(in, maxBody).read();
    }

    private HttpResponse read() throws IOException {
        byte[] head = readHead();
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int status = status(text);
        long contentLength = -1;
        boolean chunked = false;
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                contentLength = parseLength(value);
            } else if (name.equals("transfer-encoding")) {
                String[] codings = value.split(",");
                chunked = codings[codings.length - 1].trim().equalsIgnoreCase("chunked");
            }
        }
        byte[] body;
        if (status / 100 == 1 || status == 204 || status == 304) {
            body = new byte[0];
        } else if (chunked) {
            body = readChunked();
        } else if (contentLength >= 0) {
            body = readLength(contentLength);
        } else {
            body = readToEnd();
        }
        return new HttpResponse(status, head, body, chunked ? -1 : contentLength);
    }

    /** keepalived's extract_status_code: the number after the first space of the status line; 0 when none. */
    static int status(String head) {
        int eol = head.indexOf('\n');
        String line = eol < 0 ? head : head.substring(0, eol);
        if (!line.startsWith("HTTP/")) {
            return 0;
        }
        int sp = line.indexOf(' ');
        int code = 0;
        int digits = 0;
        for (int i = sp + 1; sp > 0 && i < line.length() && digits < 3; i++, digits++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                break;
            }
            code = code * 10 + (c - '0');
        }
        return digits == 3 ? code : 0;
    }

    private static long parseLength(String value) {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(value);
    }

    private byte[] readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(1024);
        int newlines = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new HttpReadException(HttpReadException.Kind.NO_DATA,
                        head.size() == 0 ? "no data received" : "the connection closed inside the headers");
            }
            head.write(b);
            if (head.size() > MAX_HEAD) {
                throw new HttpReadException(HttpReadException.Kind.TOO_LARGE,
                        "headers larger than " + MAX_HEAD + " bytes");
            }
            if (b == '\n') {
                if (++newlines == 2) {
                    return head.toByteArray();
                }
            } else if (b != '\r') {
                newlines = 0;
            }
        }
    }

    private byte[] readLength(long length) throws IOException {
        if (length > maxBody) {
            throw tooLarge();
        }
        return in.readNBytes((int) length);
    }

    private byte[] readToEnd() throws IOException {
        byte[] body = in.readNBytes(maxBody + 1);
        if (body.length > maxBody) {
            throw tooLarge();
        }
        return body;
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(4096);
        while (true) {
            String sizeLine = readLine();
            int semi = sizeLine.indexOf(';');
            String hex = (semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim();
            if (hex.isEmpty() || hex.length() > 8 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new HttpReadException(HttpReadException.Kind.MALFORMED, "bad chunk size '" + sizeLine + "'");
            }
            long size = Long.parseLong(hex, 16);
            if (size == 0) {
                readTrailers();
                return body.toByteArray();
            }
            if (body.size() + size > maxBody) {
                throw tooLarge();
            }
            byte[] chunk = in.readNBytes((int) size);
            if (chunk.length < size) {
                throw new HttpReadException(HttpReadException.Kind.MALFORMED, "chunk cut short");
            }
            body.write(chunk);
            if (!readLine().isEmpty()) {
                throw new HttpReadException(HttpReadException.Kind.MALFORMED, "no CRLF after a chunk");
            }
        }
    }

    private void readTrailers() throws IOException {
        for (int i = 0; i < 100; i++) {
            String line = readLineOrNull();
            if (line == null || line.isEmpty()) {
                return;
            }
        }
        throw new HttpReadException(HttpReadException.Kind.MALFORMED, "too many trailer lines");
    }

    private String readLine() throws IOException {
        String line = readLineOrNull();
        if (line == null) {
            throw new HttpReadException(HttpReadException.Kind.MALFORMED, "the connection closed inside a chunk");
        }
        return line;
    }

    private String readLineOrNull() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return sb.isEmpty() ? null : sb.toString();
            }
            if (b == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            if (sb.length() >= MAX_LINE) {
                throw new HttpReadException(HttpReadException.Kind.MALFORMED, "chunk line too long");
            }
            sb.append((char) b);
        }
    }

    private HttpReadException tooLarge() {
        return new HttpReadException(HttpReadException.Kind.TOO_LARGE, "body larger than " + maxBody + " bytes");
    }
}
