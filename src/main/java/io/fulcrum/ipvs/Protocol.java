package io.fulcrum.ipvs;

/** The transport protocols a virtual service can carry, with ipvsadm's listing labels. */
public enum Protocol {
    TCP(6, "TCP"), UDP(17, "UDP"), SCTP(132, "SCTP");

    private final int number;
    private final String label;

    Protocol(int number, String label) {
        this.number = number;
        this.label = label;
    }

    /** IANA protocol number. */
    public int number() {
        return number;
    }

    /** The label ipvsadm prints ({@code TCP}, {@code UDP}, {@code SCTP}). */
    public String label() {
        return label;
    }
}
