package io.fulcrum.config.model;

/** {@code old_unicast_checksum [never]}: the VRRPv3 unicast checksum of keepalived up to 1.3.6. */
public enum OldUnicastChecksum {
    /** Use the RFC checksum, switching to the old one when a peer is seen using it (the default). */
    AUTO,
    /** {@code old_unicast_checksum}: always use the old checksum. */
    ALWAYS,
    /** {@code old_unicast_checksum never}: never switch to the old checksum. */
    NEVER
}
