package io.fulcrum.vrrp;

import io.fulcrum.common.IpAddress;
import java.io.IOException;

/** The engine's way out to the wire: sends one encoded VRRP message of an instance to one destination. */
public interface VrrpTransport {

    /** Sends {@code message} (the VRRP message, without IP header) from {@code instance}'s socket. */
    void send(InstanceSettings instance, byte[] message, IpAddress destination) throws IOException;
}
