package io.fulcrum.ipvs;

import io.fulcrum.common.IpAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real server of one virtual service. Identity (address, port) is fixed; settings are replaced by the table's
 * owner thread; connection counters are updated by the connection layer through the bind/unbind methods, which
 * are lock-free and also maintain the kernel's OVERLOAD flag (ip_vs_bind_dest / ip_vs_unbind_dest):
 * set when active+inactive reaches the upper threshold, cleared below the lower threshold (or below 3/4 of
 * the upper one when no lower threshold is set).
 */
public final class Destination {

    private final IpAddress address;
    private final int port;
    private volatile DestinationSettings settings;
    private volatile int lastWeight;
    private volatile boolean overloaded;
    private volatile boolean available = true;
    private final AtomicInteger activeConns = new AtomicInteger();
    private final AtomicInteger inactConns = new AtomicInteger();
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
        return activeConns.get();
    }

    public int inactConns() {
        return inactConns.get();
    }

    public int persistConns() {
        return persistConns.get();
    }

    public boolean overloaded() {
        return overloaded;
    }

    /** False once the destination was removed from its service (the kernel's IP_VS_DEST_F_AVAILABLE). */
    public boolean available() {
        return available;
    }

    /** Neither quiesced nor overloaded: the kernel's test every scheduler applies. */
    public boolean schedulable() {
        return !overloaded && settings.weight() > 0;
    }

    /** ip_vs_dest_conn_overhead: active connections weigh 256 inactive ones. */
    public int overhead() {
        return (activeConns.get() << 8) + inactConns.get();
    }

    public int totalConns() {
        return activeConns.get() + inactConns.get();
    }

    public Stats stats() {
        return stats;
    }

    // ---- connection layer ----

    /** A new connection bound to this destination; it starts inactive unless synced as active. */
    public void bindConnection(boolean syncedActive) {
        if (syncedActive) {
            activeConns.incrementAndGet();
        } else {
            inactConns.incrementAndGet();
        }
        checkUpper();
    }

    /** A persistence template bound to this destination. */
    public void bindTemplate() {
        persistConns.incrementAndGet();
        checkUpper();
    }

    /** A connection went from inactive to active (e.g. TCP ESTABLISHED). */
    public void connectionActivated() {
        inactConns.decrementAndGet();
        activeConns.incrementAndGet();
    }

    /** A connection went from active to inactive (e.g. TCP FIN). */
    public void connectionDeactivated() {
        activeConns.decrementAndGet();
        inactConns.incrementAndGet();
    }

    /** A connection ended; {@code wasActive} tells which counter held it. */
    public void unbindConnection(boolean wasActive) {
        if (wasActive) {
            activeConns.decrementAndGet();
        } else {
            inactConns.decrementAndGet();
        }
        checkLower();
    }

    public void unbindTemplate() {
        persistConns.decrementAndGet();
        checkLower();
    }

    private void checkUpper() {
        int u = settings.upperThreshold();
        if (u != 0 && totalConns() >= u) {
            overloaded = true;
        }
    }

    private void checkLower() {
        DestinationSettings s = settings;
        int l = s.lowerThreshold();
        int u = s.upperThreshold();
        if (l != 0) {
            if (totalConns() < l) {
                overloaded = false;
            }
        } else if (u != 0) {
            if ((long) totalConns() * 4 < (long) u * 3) {
                overloaded = false;
            }
        } else if (overloaded) {
            overloaded = false;
        }
    }

    // ---- owner thread ----

    /** __ip_vs_update_dest: new settings; OVERLOAD cleared when the upper threshold goes away or rises. */
    void update(DestinationSettings s, boolean add) {
        if (add || s.weight() != 0) {
            lastWeight = s.weight();
        }
        int oldUpper = settings.upperThreshold();
        if (s.upperThreshold() == 0 || s.upperThreshold() > oldUpper) {
            overloaded = false;
        }
        settings = s;
    }

    void markRemoved() {
        available = false;
    }

    void resetOverload() {
        overloaded = false;
    }

    @Override
    public String toString() {
        return (address.isV6() ? "[" + address + "]" : address.toString()) + ":" + port;
    }
}
