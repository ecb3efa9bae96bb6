package io.fulcrum.lab;

/**
 * How a virtual service reaches its real servers, as far as the lab's wiring cares: DR and TUN real servers hold
 * the VIP themselves (TUN ones also decapsulate), NAT real servers sit behind the directors and route through them,
 * FNAT real servers only ever see the director.
 */
public enum LabForwarding {
    DR, NAT, TUN, FNAT;

    /** Whether the real servers carry the virtual address on their loopback (DR, TUN). */
    public boolean realServersHoldVip() {
        return this == DR || this == TUN;
    }
}
