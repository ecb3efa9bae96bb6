package io.fulcrum.vrrp;

/**
 * Tells the world about state changes: notify scripts, the notify FIFO and e-mail alerts. Implementations never
 * block the caller (scripts and mail run asynchronously).
 */
public interface VrrpNotifier {

    void stateChanged(InstanceSettings instance, InstanceState from, InstanceState to, int priority);

    /** A MASTER received an advert of lower priority (notify_master_rx_lower_pri). */
    void masterRxLowerPriority(InstanceSettings instance, int priority);

    /** A sync group changed state (its members have followed): the group's notify scripts, FIFO line, alert. */
    void groupChanged(String group, InstanceState from, InstanceState to);
}
