package io.fulcrum.ipvs.conn;

/**
 * The IPVS sysctls that change connection handling: {@code expire_nodest_conn} (drop the entries of a removed
 * destination at their next packet instead of keeping them) and {@code expire_quiescent_template} (a template
 * whose destination has weight 0 no longer binds new connections). Both off by default, as in the kernel.
 */
public record ConnectionOptions(boolean expireNodestConn, boolean expireQuiescentTemplate) {

    public static final ConnectionOptions DEFAULT = new ConnectionOptions(false, false);
}
