package io.fulcrum.vrrp;

import java.io.IOException;

/**
 * The firewall rules of no_accept mode: while a no_accept instance (not the address owner) is MASTER, packets to
 * and from its addresses are dropped, so the host routes for its VIPs but does not answer on them. The engine
 * adds the rule before the addresses and removes it after them, as keepalived does.
 */
public interface VipFirewall {

    /** No firewall: no_accept is not enforced. */
    VipFirewall NONE = new VipFirewall() {
        @Override
        public void addDropRule(InstanceSettings instance) {
        }

        @Override
        public void removeDropRule(InstanceSettings instance) {
        }
    };

    /** Drops packets to (and from) the instance's VIPs and excluded VIPs. */
    void addDropRule(InstanceSettings instance) throws IOException;

    /** Removes what {@link #addDropRule} added for this instance (by its name); nothing when it added nothing. */
    void removeDropRule(InstanceSettings instance) throws IOException;

    /** keepalived's rule: an instance with accept off and a priority below 255 gets the drop rule. */
    static boolean needsDropRule(InstanceSettings instance) {
        return !instance.spec().accept() && instance.spec().priority() != 255;
    }
}
