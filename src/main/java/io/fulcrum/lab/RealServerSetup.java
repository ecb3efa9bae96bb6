package io.fulcrum.lab;

import io.fulcrum.common.IpAddress;
import java.util.List;

/**
 * Prepares a real server's namespace for DR/TUN: the virtual addresses on its loopback, ARP kept quiet about them,
 * decapsulation for TUN. {@link LabBuilder#realServerSetup} picks the implementation.
 */
public interface RealServerSetup {

    /** Prepares namespace {@code ns} to accept traffic for {@code vips} ({@code decap}: that arrives tunnelled). */
    void prepare(String ns, List<IpAddress> vips, boolean decap) throws LabException;

    /** A short description for the lab's output. */
    String describe();
}
