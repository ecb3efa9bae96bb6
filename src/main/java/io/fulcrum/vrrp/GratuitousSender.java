package io.fulcrum.vrrp;

import java.io.IOException;

/** Sends gratuitous ARPs (IPv4) or unsolicited neighbour advertisements (IPv6) for an instance's addresses. */
public interface GratuitousSender {

    /** Sends {@code repeat} announcements for each of the instance's addresses, on the interface of each. */
    void send(InstanceSettings instance, int repeat) throws IOException;
}
