package io.fulcrum.ipvs.conn;

/**
 * Told about every entry that leaves the table (timed out, or removed by {@link ConnectionTable#admit}), after
 * its destination counters were released, on the thread that removed it (usually the daemon's, in
 * {@link ConnectionTable#expire}). A data plane uses it to close the flow of an expired connection; it must be
 * quick and must not block. Templates are reported too ({@link Connection#isTemplate()}).
 */
@FunctionalInterface
public interface ExpiryListener {
    void expired(Connection entry);
}
