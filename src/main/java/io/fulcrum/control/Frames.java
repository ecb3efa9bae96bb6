package io.fulcrum.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Optional;

/**
 * The control socket's framing: a 4-byte big-endian length, then that many bytes of UTF-8 JSON. A frame longer
 * than the reader's limit is refused before its body is read.
 */
public final class Frames {

    /** The largest request a daemon reads. */
    public static final int MAX_REQUEST_BYTES = 1 << 20;
    /** The largest response a client reads (a listing with many connection entries is the big one). */
    public static final int MAX_RESPONSE_BYTES = 64 << 20;
    static final int HEADER_BYTES = 4;

    private Frames() {
    }

    /** Writes one frame. */
    public static void write(WritableByteChannel ch, byte[] body) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + body.length);
        buf.putInt(body.length).put(body).flip();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /**
     * Reads one frame's body; empty when the peer closed the connection cleanly between frames.
     *
     * @throws FrameException TRUNCATED when the connection ends inside a frame, OVERSIZED when the announced
     *                        length is over {@code maxBytes}
     */
    public static Optional<byte[]> read(ReadableByteChannel ch, int maxBytes) throws IOException, FrameException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        int got = fill(ch, header);
        if (got == 0) {
            return Optional.empty();
        }
        if (got < HEADER_BYTES) {
            throw new FrameException(FrameException.Reason.TRUNCATED, "the connection closed after " + got
                    + " of the " + HEADER_BYTES + " length bytes");
        }
        long length = Integer.toUnsignedLong(header.flip().getInt());
        if (length > maxBytes) {
            throw new FrameException(FrameException.Reason.OVERSIZED, "a frame of " + length
                    + " bytes was announced; the limit is " + maxBytes);
        }
        ByteBuffer body = ByteBuffer.allocate((int) length);
        int bodyGot = fill(ch, body);
        if (bodyGot < length) {
            throw new FrameException(FrameException.Reason.TRUNCATED, "the connection closed after " + bodyGot
                    + " of the " + length + " bytes the frame announced");
        }
        return Optional.of(body.array());
    }

    private static int fill(ReadableByteChannel ch, ByteBuffer buf) throws IOException {
        int total = 0;
        while (buf.hasRemaining()) {
            int n = ch.read(buf);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
