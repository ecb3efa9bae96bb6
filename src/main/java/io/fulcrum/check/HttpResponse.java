package io.fulcrum.check;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One HTTP response as a checker reads it.
 *
 * @param status        the status code of the status line; 0 when it has none keepalived could read
 * @param head          the status line and headers as received, up to and including the empty line
 * @param body          the body, with chunked transfer coding removed
 * @param contentLength the Content-Length header, -1 when absent or not a number
 */
record HttpResponse(int status, byte[] head, byte[] body, long contentLength) {

    /** The status line and headers as text (ISO-8859-1, as bytes are on the wire). */
    String headText() {
        return new String(head, StandardCharsets.ISO_8859_1);
    }

    /** MD5 of the body, 32 lower-case hex digits: what a url's {@code digest} is compared with. */
    String md5Hex() {
        return md5Hex(body);
    }

    static String md5Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this Java runtime", e);
        }
    }
}
