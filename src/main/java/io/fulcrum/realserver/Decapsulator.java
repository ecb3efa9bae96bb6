package io.fulcrum.realserver;

import io.fulcrum.common.IpAddress;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The user-space IPIP decapsulator of a TUN-mode real server: receives IPIP packets from a {@link Source}, checks
 * them with {@link IpipDecoder} and hands each inner packet for the VIP to a {@link Sink} (the TUN interface, from
 * which the kernel delivers it locally as if it had arrived there; replies go straight to the client by ordinary
 * routing). {@link #run()} loops on the calling thread until {@link #stop()}, then closes both ends. Every packet
 * is counted ({@link #counters()}).
 */
public final class Decapsulator implements Runnable {

    /** Where IPIP packets come from (a raw IPIP socket). Used and closed by the loop's thread only. */
    public interface Source extends AutoCloseable {
        /** Waits up to {@code timeoutMillis} for one packet; its length, or -1 when none came. */
        int receive(byte[] buffer, int timeoutMillis) throws IOException;

        @Override
        void close();
    }

    /** Where inner packets go (a TUN interface). Used and closed by the loop's thread only. */
    public interface Sink extends AutoCloseable {
        void write(byte[] packet, int offset, int length) throws IOException;

        @Override
        void close();
    }

    /** How long one receive waits, so that a stop is seen within it. */
    static final int RECEIVE_SLICE_MILLIS = 200;
    private static final int BUFFER = 65_536;

    private final IpAddress vip;
    private final Source source;
    private final Sink sink;
    private final DecapCounters counters = new DecapCounters();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile IOException failure;

    public Decapsulator(IpAddress vip, Source source, Sink sink) {
        this.vip = Objects.requireNonNull(vip, "vip");
        if (!vip.isV4()) {
            throw new IllegalArgumentException("IPIP carries IPv4: " + vip + " is not an IPv4 VIP");
        }
        this.source = Objects.requireNonNull(source, "source");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    public IpAddress vip() {
        return vip;
    }

    public DecapCounters counters() {
        return counters;
    }

    /**
     * Runs until {@link #stop()} or until receiving fails (then {@link #failure()} says why); closes the source and
     * the sink either way. A write the sink refuses is counted as a drop ({@link DropReason#TUN_WRITE}).
     */
    @Override
    public void run() {
        byte[] buffer = new byte[BUFFER];
        try (source; sink) {
            while (!stopping) {
                int n = source.receive(buffer, RECEIVE_SLICE_MILLIS);
                if (n < 0) {
                    continue;
                }
                handle(buffer, n);
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            stopped.countDown();
        }
    }

    /** Decodes one received packet and delivers or counts it. */
    void handle(byte[] buffer, int length) {
        switch (IpipDecoder.decode(buffer, length, vip)) {
            case Decapsulated.Inner(int offset, int innerLength) -> {
                try {
                    sink.write(buffer, offset, innerLength);
                    counters.delivered(innerLength);
                } catch (IOException e) {
                    counters.drop(DropReason.TUN_WRITE);
                }
            }
            case Decapsulated.Dropped(DropReason reason) -> counters.drop(reason);
        }
    }

    /** Asks the loop to end (within one receive slice); returns at once. */
    public void stop() {
        stopping = true;
    }

    /** Waits up to {@code timeout} for the loop to have ended and closed its ends; whether it has. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Why the loop ended on its own (receiving failed); empty while running or after a stop. */
    public Optional<IOException> failure() {
        return Optional.ofNullable(failure);
    }
}
