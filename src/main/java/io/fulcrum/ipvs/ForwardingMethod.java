package io.fulcrum.ipvs;

/** How packets reach a destination; {@link #ipvsadmName()} is the "Forward" column of ipvsadm -L. */
public enum ForwardingMethod {
    MASQ("Masq"), LOCAL("Local"), ROUTE("Route"), TUNNEL("Tunnel"), FULLNAT("FullNat");

    private final String ipvsadmName;

    ForwardingMethod(String ipvsadmName) {
        this.ipvsadmName = ipvsadmName;
    }

    public String ipvsadmName() {
        return ipvsadmName;
    }
}
