package io.fulcrum.vrrp;

/** The states of a VRRP instance, as keepalived names them in its log lines and notify arguments. */
public enum InstanceState {
    /** Not started yet. */
    INIT,
    BACKUP,
    MASTER,
    /** A tracked object failed (interface down, weight-0 script failed, source address gone...). */
    FAULT,
    /** Stopped by the daemon's shutdown. */
    STOP
}
