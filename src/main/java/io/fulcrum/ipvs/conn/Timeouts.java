package io.fulcrum.ipvs.conn;

/**
 * The three connection timeouts ipvsadm {@code --set tcp tcpfin udp} and keepalived's {@code lvs_timeouts} set,
 * in seconds: TCP ESTABLISHED, TCP FIN_WAIT and UDP.
 */
public record Timeouts(int tcp, int tcpFin, int udp) {

    /** The kernel's defaults, as {@code ipvsadm -L --timeout} prints them: 900 120 300. */
    public static final Timeouts DEFAULT = new Timeouts(900, 120, 300);

    /** ipvsadm's limit for each value: 31 days. */
    public static final int MAX_SECONDS = 31 * 24 * 3600;

    public Timeouts {
        for (int t : new int[] {tcp, tcpFin, udp}) {
            if (t < 0 || t > MAX_SECONDS) {
                throw new IllegalArgumentException("timeout out of range 0.." + MAX_SECONDS + ": " + t);
            }
        }
    }

    /** These timeouts with every non-zero value of {@code update} applied (0 keeps the current value). */
    public Timeouts with(Timeouts update) {
        return new Timeouts(update.tcp != 0 ? update.tcp : tcp, update.tcpFin != 0 ? update.tcpFin : tcpFin,
                update.udp != 0 ? update.udp : udp);
    }
}
