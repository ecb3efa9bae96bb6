package io.fulcrum.config.model;

/** How a linkbeat interface is polled. */
public enum LinkbeatMode {
    /** MII, else ETHTOOL, else ioctl: whichever works. */
    AUTO,
    MII,
    ETHTOOL,
    IOCTL
}
