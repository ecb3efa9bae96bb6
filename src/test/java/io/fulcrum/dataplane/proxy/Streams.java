package io.fulcrum.dataplane.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32C;

/**
 * Deterministic byte streams for the big-transfer tests: both ends send {@code size} bytes of a seeded sequence
 * while receiving, then half-close; each side's received bytes are summed (CRC32C), never buffered whole.
 */
final class Streams {

    private static final int CHUNK = 64 * 1024;

    private Streams() {
    }

    /** Fills {@code b} with the sequence's bytes from {@code position} on (a cheap hash of the position). */
    static void fill(byte[] b, long position) {
        for (int i = 0; i < b.length; i += 8) {
            long x = (position + i) * 0x9E3779B97F4A7C15L;
            x ^= x >>> 29;
            for (int k = 0; k < 8 && i + k < b.length; k++) {
                b[i + k] = (byte) (x >>> (k * 8));
            }
        }
    }

    static void fill(byte[] b, long position, long seed) {
        fill(b, position + seed * 0x1000_0000_0000L);
    }

    /** The CRC32C of the first {@code size} bytes of sequence {@code seed}. */
    static long expected(long size, long seed) {
        CRC32C crc = new CRC32C();
        byte[] b = new byte[CHUNK];
        for (long at = 0; at < size; at += CHUNK) {
            fill(b, at, seed);
            crc.update(b, 0, (int) Math.min(CHUNK, size - at));
        }
        return crc.getValue();
    }

    /** What one end of a transfer has received so far, and how its receiving ended. */
    static final class Receiver {
        /** Bytes received so far. */
        final AtomicLong bytes = new AtomicLong();
        /** The CRC32C of all received bytes once the peer's FIN was read; -1 before, or after a failure. */
        final AtomicLong sum = new AtomicLong(-1);
        /** Why receiving (or sending) failed, if it did. */
        final AtomicReference<Throwable> error = new AtomicReference<>();

        @Override
        public String toString() {
            return "received " + bytes.get() + " bytes, " + (sum.get() != -1 ? "then the FIN"
                    : error.get() != null ? "then " + error.get() : "no FIN yet");
        }
    }

    /** Sends sequence {@code sendSeed} while receiving; stores the received bytes' CRC32C in {@code receivedSum}. */
    static void both(Socket s, long size, long sendSeed, AtomicLong receivedSum) throws IOException {
        Receiver r = new Receiver();
        both(s, size, sendSeed, r);
        receivedSum.set(r.sum.get());
    }

    /**
     * Sends sequence {@code sendSeed} while receiving, recording into {@code r}; a failure is recorded there too (and
     * thrown when it was the receiving side's).
     */
    static void both(Socket s, long size, long sendSeed, Receiver r) throws IOException {
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                OutputStream out = s.getOutputStream();
                byte[] b = new byte[CHUNK];
                for (long at = 0; at < size; at += CHUNK) {
                    fill(b, at, sendSeed);
                    out.write(b, 0, (int) Math.min(CHUNK, size - at));
                }
                s.shutdownOutput();
            } catch (IOException e) {
                r.error.compareAndSet(null, e); // the receiving side usually sees the failure too
            }
        });
        long sum = crcUntilFin(s, r);
        try {
            sender.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        r.sum.set(sum);
    }

    /** Receives until the peer's FIN, recording into {@code r}. */
    static void receive(Socket s, Receiver r) throws IOException {
        r.sum.set(crcUntilFin(s, r));
    }

    private static long crcUntilFin(Socket s, Receiver r) throws IOException {
        CRC32C crc = new CRC32C();
        try {
            InputStream in = s.getInputStream();
            byte[] b = new byte[CHUNK];
            for (int n; (n = in.read(b)) > 0;) {
                crc.update(b, 0, n);
                r.bytes.addAndGet(n);
            }
        } catch (IOException e) {
            r.error.compareAndSet(null, e);
            throw e;
        }
        return crc.getValue();
    }
}
