package io.fulcrum.ipvs;

import io.fulcrum.common.IpAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real server of one virtual service. Identity (address, port) is fixed; settings are replaced by the table's
 * owner thread; connection counters are updated by the connection layer through the bind/unbind methods, which
 * are lock-free and also maintain the kernel's OVERLOAD flag (ip_vs_bind_dest / ip_vs_unbind_dest):
 * set when active+inactive reaches the upper threshold, cleared below the lower threshold (or below 3/4 of
 * the upper one when no lower threshold is set). Each change of the counters and the flag decision it implies
 * is a single compare-and-set, so at any quiet moment the flag agrees with the counts.
 */
public final class Destination {

    private final IpAddress address;
    private final int port;
    private volatile DestinationSettings settings;
    private volatile int lastWeight;
    private volatile boolean available = true;
    /**
     * Active connections (bits 32-62), inactive ones (bits 0-31) and the OVERLOAD flag (bit 63) in one word, so
     * that a counter change and the flag decision it implies are one atomic step: a flag computed from a count
     * that another thread has already changed can never be written over a newer decision.
     */
    private final AtomicLong conns = new AtomicLong();
    private final AtomicInteger persistConns = new AtomicInteger();
    private final Stats stats = new Stats();

    public Destination(IpAddress address, int port, DestinationSettings settings) {
        if (address == null || port < 0 || port > 65535) {
            throw new IllegalArgumentException("bad destination " + address + ":" + port);
        }
        this.address = address;
        this.port = port;
        this.settings = settings;
        this.lastWeight = settings.weight();
    }

    public IpAddress address() {
        return address;
    }

    public int port() {
        return port;
    }

    public DestinationSettings settings() {
        return settings;
    }

    public int weight() {
        return settings.weight();
    }

    /** The latest non-zero weight (the kernel's last_weight, used by mh to keep quiesced servers' slots). */
    public int lastWeight() {
        return lastWeight;
    }

    public int activeConns() {
        return active(conns.get());
    }

    public int inactConns() {
        return inactive(conns.get());
    }

    public int persistConns() {
        return persistConns.get();
    }

    public boolean overloaded() {
        return conns.get() < 0;
    }

    /** False once the destination was removed from its service (the kernel's IP_VS_DEST_F_AVAILABLE). */
    public boolean available() {
        return available;
    }

    /** Neither quiesced nor overloaded: the kernel's test every scheduler applies. */
    public boolean schedulable() {
        return !overloaded() && settings.weight() > 0;
    }

    /** ip_vs_dest_conn_overhead: active connections weigh 256 inactive ones. */
    public int overhead() {
        long c = conns.get();
        return (active(c) << 8) + inactive(c);
    }

    public int totalConns() {
        long c = conns.get();
        return active(c) + inactive(c);
    }

    public Stats stats() {
        return stats;
    }

    // ---- connection layer ----

    /** A new connection bound to this destination; it starts inactive unless synced as active. */
    public void bindConnection(boolean syncedActive) {
        change(syncedActive ? 1 : 0, syncedActive ? 0 : 1, Check.UPPER);
    }

    /** A persistence template bound to this destination. */
    public void bindTemplate() {
        persistConns.incrementAndGet();
        change(0, 0, Check.UPPER);
    }

    /** A connection went from inactive to active (e.g. TCP ESTABLISHED). */
    public void connectionActivated() {
        change(1, -1, Check.NONE);
    }

    /** A connection went from active to inactive (e.g. TCP FIN). */
    public void connectionDeactivated() {
        change(-1, 1, Check.NONE);
    }

    /** A connection ended; {@code wasActive} tells which counter held it. */
    public void unbindConnection(boolean wasActive) {
        change(wasActive ? -1 : 0, wasActive ? 0 : -1, Check.LOWER);
    }

    public void unbindTemplate() {
        persistConns.decrementAndGet();
        change(0, 0, Check.LOWER);
    }

    /** Which threshold a change tests: binding tests the upper one, unbinding the lower one. */
    private enum Check { NONE, UPPER, LOWER }

    private void change(int dActive, int dInactive, Check check) {
        long c;
        long next;
        do {
            DestinationSettings s = settings;
            c = conns.get();
            int active = active(c) + dActive;
            int inactive = inactive(c) + dInactive;
            int total = active + inactive;
            boolean over = switch (check) {
                case NONE -> c < 0;
                case UPPER -> c < 0 || s.upperThreshold() != 0 && total >= s.upperThreshold();
                case LOWER -> c < 0 && !belowLower(s, total);
            };
            next = pack(over, active, inactive);
        } while (next != c && !conns.compareAndSet(c, next));
    }

    private static boolean belowLower(DestinationSettings s, int total) {
        int l = s.lowerThreshold();
        int u = s.upperThreshold();
        if (l != 0) {
            return total < l;
        }
        return u == 0 || (long) total * 4 < (long) u * 3;
    }

    private static int active(long c) {
        return (int) (c << 1 >> 33);
    }

    private static int inactive(long c) {
        return (int) c;
    }

    private static long pack(boolean overloaded, int active, int inactive) {
        return (overloaded ? Long.MIN_VALUE : 0) | ((active & 0x7FFF_FFFFL) << 32) | (inactive & 0xFFFF_FFFFL);
    }

    // ---- owner thread ----

    /** __ip_vs_update_dest: new settings; OVERLOAD cleared when the upper threshold goes away or rises. */
    void update(DestinationSettings s, boolean add) {
        if (add || s.weight() != 0) {
            lastWeight = s.weight();
        }
        int oldUpper = settings.upperThreshold();
        if (s.upperThreshold() == 0 || s.upperThreshold() > oldUpper) {
            resetOverload();
        }
        settings = s;
    }

    void markRemoved() {
        available = false;
    }

    void resetOverload() {
        conns.getAndUpdate(c -> c & Long.MAX_VALUE);
    }

    @Override
    public String toString() {
        return (address.isV6() ? "[" + address + "]" : address.toString()) + ":" + port;
    }
}
