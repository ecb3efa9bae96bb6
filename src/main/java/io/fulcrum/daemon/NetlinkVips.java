package io.fulcrum.daemon;

import io.fulcrum.config.model.IpAddressSpec;
import io.fulcrum.nativeio.AddressRequest;
import io.fulcrum.nativeio.Link;
import io.fulcrum.nativeio.NativeException;
import io.fulcrum.nativeio.Rtnetlink;
import io.fulcrum.vrrp.InstanceSettings;
import io.fulcrum.vrrp.VipInstaller;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Adds and removes virtual addresses through rtnetlink, as {@code ip addr add|del} would with the entry's
 * options (dev, brd, peer, scope, label, nodad, noprefixroute, preferred_lft). An address already present is left
 * as it is (EEXIST); one already gone is fine (EADDRNOTAVAIL). Each address is tried even when another fails.
 */
final class NetlinkVips implements VipInstaller {

    private static final int EEXIST = 17;
    private static final int EADDRNOTAVAIL = 99;

    private final Rtnetlink netlink;
    private final Supplier<VrrpHost> host;

    NetlinkVips(Rtnetlink netlink, Supplier<VrrpHost> host) {
        this.netlink = netlink;
        this.host = host;
    }

    @Override
    public void add(InstanceSettings instance) throws IOException {
        apply(instance, true);
    }

    @Override
    public void remove(InstanceSettings instance) throws IOException {
        apply(instance, false);
    }

    private void apply(InstanceSettings instance, boolean add) throws IOException {
        IOException first = null;
        VrrpHost now = host.get();
        for (IpAddressSpec vip : instance.allAddresses()) {
            String dev = VrrpHost.device(instance, vip);
            Optional<Link> link = now.link(dev);
            if (link.isEmpty()) {
                first = first != null ? first : new IOException("interface " + dev + " of " + vip.address()
                        + " does not exist");
                continue;
            }
            AddressRequest r = request(link.get().index(), vip);
            try {
                if (add) {
                    netlink.addAddress(r);
                } else {
                    netlink.removeAddress(r);
                }
            } catch (NativeException e) {
                if (e.errno() != (add ? EEXIST : EADDRNOTAVAIL)) {
                    first = first != null ? first : e;
                }
            } catch (IOException e) {
                first = first != null ? first : e;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    static AddressRequest request(int ifindex, IpAddressSpec vip) {
        return new AddressRequest(ifindex, vip.address().address(), vip.address().prefixLength(), vip.broadcast(),
                vip.peer(), vip.label(), vip.scope().map(s -> s.value()).orElse(0), vip.noDad(),
                vip.noPrefixRoute(), vip.preferredLifetime().orElse(IpAddressSpec.FOREVER));
    }
}
