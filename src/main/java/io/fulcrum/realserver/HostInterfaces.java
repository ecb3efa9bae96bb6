package io.fulcrum.realserver;

import io.fulcrum.common.IpAddress;
import java.util.List;
import java.util.Optional;

/**
 * The interfaces and addresses of the host (of the network namespace of the calling thread): what a real server's
 * set-up reads and changes. {@link NetlinkInterfaces} is the real one; tests use a recording fake.
 */
public interface HostInterfaces {

    /** One interface holding an address. */
    record AddressOn(String dev, int ifindex, int prefixLength) {
    }

    /** The index of interface {@code dev}; empty when there is none. */
    Optional<Integer> index(String dev) throws RealServerException;

    /** Every interface that holds {@code address}, with the prefix length it has there. */
    List<AddressOn> holding(IpAddress address) throws RealServerException;

    /** Adds {@code address/prefixLength} to the interface (IPv6 without duplicate address detection). */
    void add(int ifindex, IpAddress address, int prefixLength) throws RealServerException;

    /** Removes {@code address/prefixLength} from the interface. */
    void remove(int ifindex, IpAddress address, int prefixLength) throws RealServerException;

    /** Brings the interface up. */
    void up(int ifindex) throws RealServerException;
}
