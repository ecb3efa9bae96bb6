package io.fulcrum.lab;

import io.fulcrum.common.IpAddress;
import java.util.List;

/**
 * Prepares a real server's namespace for DR/TUN: the virtual addresses on its loopback, ARP kept quiet about them,
 * decapsulation for TUN. {@link LabBuilder#realServerSetup} picks the implementation.
 */
public interface RealServerSetup {

    /**
     * Prepares namespace {@code ns} to accept traffic for {@code vips} ({@code decap}: that arrives tunnelled),
     * keeping what it records in {@code stateDir}. Returns the command of a process that must keep running in the
     * namespace (the decapsulator), if there is one: the lab starts and stops it with the others.
     */
    java.util.Optional<List<String>> prepare(String ns, List<IpAddress> vips, boolean decap,
                                             java.nio.file.Path stateDir) throws LabException;

    /** A short description for the lab's output. */
    String describe();
}
