package io.fulcrum.realserver;

import io.fulcrum.common.IpAddress;
import io.fulcrum.nativeio.AddressRequest;
import io.fulcrum.nativeio.InterfaceAddress;
import io.fulcrum.nativeio.Link;
import io.fulcrum.nativeio.MalformedNetlinkException;
import io.fulcrum.nativeio.NativeException;
import io.fulcrum.nativeio.Rtnetlink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@link HostInterfaces} through rtnetlink: each call opens a socket in the calling thread's network namespace and
 * closes it again (a real server's set-up makes a handful of calls).
 */
public final class NetlinkInterfaces implements HostInterfaces {

    private interface NetlinkCall<T> {
        T run(Rtnetlink netlink) throws NativeException, MalformedNetlinkException;
    }

    private static <T> T call(String what, NetlinkCall<T> c) throws RealServerException {
        try (Rtnetlink netlink = Rtnetlink.open()) {
            return c.run(netlink);
        } catch (NativeException e) {
            throw new RealServerException(what + ": " + e.getMessage(), e);
        } catch (MalformedNetlinkException e) {
            throw new RealServerException(what + ": the kernel's answer was malformed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Integer> index(String dev) throws RealServerException {
        return call("cannot list the interfaces", n -> n.indexOf(dev));
    }

    @Override
    public List<AddressOn> holding(IpAddress address) throws RealServerException {
        return call("cannot list the addresses", n -> {
            Map<Integer, String> names = n.links().stream().collect(Collectors.toMap(Link::index, Link::name,
                    (x, y) -> x));
            List<AddressOn> out = new ArrayList<>();
            for (InterfaceAddress a : n.addresses()) {
                if (a.address().equals(address)) {
                    out.add(new AddressOn(names.getOrDefault(a.index(), "ifindex " + a.index()), a.index(),
                            a.prefixLength()));
                }
            }
            return out;
        });
    }

    @Override
    public void add(int ifindex, IpAddress address, int prefixLength) throws RealServerException {
        AddressRequest r = request(ifindex, address, prefixLength);
        call("cannot add " + address + "/" + prefixLength, n -> {
            n.addAddress(r);
            return null;
        });
    }

    @Override
    public void remove(int ifindex, IpAddress address, int prefixLength) throws RealServerException {
        AddressRequest r = request(ifindex, address, prefixLength);
        call("cannot remove " + address + "/" + prefixLength, n -> {
            n.removeAddress(r);
            return null;
        });
    }

    @Override
    public void up(int ifindex) throws RealServerException {
        call("cannot bring interface " + ifindex + " up", n -> {
            n.setLinkUp(ifindex, true);
            return null;
        });
    }

    private static AddressRequest request(int ifindex, IpAddress address, int prefixLength) {
        // IPv6: nodad, so the address is usable at once (it is on lo, or meant to answer only as a VIP)
        return new AddressRequest(ifindex, address, prefixLength, Optional.empty(), Optional.empty(),
                Optional.empty(), InterfaceAddress.SCOPE_UNIVERSE, address.isV6(), false, AddressRequest.FOREVER);
    }
}
