package io.fulcrum.vrrp;

import java.io.IOException;

/**
 * Adds and removes an instance's virtual addresses (VIPs and excluded VIPs) on the host. Adding an address that is
 * already there, or removing one that is gone, is not an error.
 */
public interface VipInstaller {

    void add(InstanceSettings instance) throws IOException;

    void remove(InstanceSettings instance) throws IOException;
}
