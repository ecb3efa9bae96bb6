package io.fulcrum.ipvs.conn;

import java.util.List;

/**
 * IPVS's connection table. SKELETON: the public members below are the contract the daemon codes against; the
 * implementation replaces every body.
 */
public final class ConnectionTable {

    public ConnectionTable(ConnectionOptions options) {
    }

    /** The current timeouts. */
    public Timeouts timeouts() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** ipvsadm --set: every non-zero value replaces the current one. */
    public void setTimeouts(Timeouts update) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Expires what is due at {@code nowNanos} (monotonic); called often, never pauses the table for long. */
    public void expire(long nowNanos) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Live entries, templates included. */
    public int size() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Every entry as ipvsadm -lnc lists it (unsorted), expiry counted from {@code nowNanos}. */
    public List<ConnectionView> list(long nowNanos) {
        throw new UnsupportedOperationException("skeleton");
    }
}
