package io.fulcrum.vrrp;

/** What kind of object an instance tracks; each kind has its own name space in keepalived.conf. */
public enum TrackedKind {
    /** {@code track_interface}, and the instance's own interface unless {@code dont_track_primary}. */
    INTERFACE,
    /** {@code track_script}: a {@code vrrp_script}. */
    SCRIPT,
    /** {@code track_file}: a number read from a file. */
    FILE,
    /** {@code track_process}: a {@code vrrp_track_process} quorum. */
    PROCESS,
    /** {@code track_bfd}: a {@code bfd_instance} session. */
    BFD,
    /** {@code track_src_ip}: the configured source address is on this host (named by the address). */
    SOURCE_ADDRESS
}
