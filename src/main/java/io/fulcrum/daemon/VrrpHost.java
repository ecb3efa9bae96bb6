package io.fulcrum.daemon;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.IpAddressSpec;
import io.fulcrum.config.model.IpFamily;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.VrrpInstance;
import io.fulcrum.nativeio.InterfaceAddress;
import io.fulcrum.nativeio.Link;
import io.fulcrum.vrrp.InstanceSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The host as VRRP needs it at start: the interfaces and addresses rtnetlink reports, and from them each
 * instance's settings (the interface it runs on, the primary address its adverts come from, the group they go
 * to). An instance the host cannot run (a missing interface, no address to send from) is a start-up error naming
 * the instance and the cause.
 */
record VrrpHost(List<Link> links, List<InterfaceAddress> addresses) {

    VrrpHost {
        links = List.copyOf(links);
        addresses = List.copyOf(addresses);
    }

    Optional<Link> link(String name) {
        return links.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    Optional<Link> link(int index) {
        return links.stream().filter(l -> l.index() == index).findFirst();
    }

    /** The interface name of an instance's address: its {@code dev}, else the instance's interface. */
    static String device(InstanceSettings instance, IpAddressSpec vip) {
        return vip.dev().or(() -> instance.spec().interfaceName()).orElseThrow();
    }

    /** The settings of every instance of {@code config}, or the problems that stop them (one line each). */
    Resolved resolve(KeepalivedConfig config) {
        List<InstanceSettings> settings = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (VrrpInstance spec : config.vrrpInstances()) {
            resolve(spec, config).ifPresentOrElse(settings::add, () -> problems.add(problem(spec)));
        }
        return new Resolved(settings, problems);
    }

    record Resolved(List<InstanceSettings> settings, List<String> problems) {
    }

    private Optional<InstanceSettings> resolve(VrrpInstance spec, KeepalivedConfig config) {
        if (spec.interfaceName().isEmpty() || link(spec.interfaceName().get()).isEmpty()) {
            return Optional.empty();
        }
        Link link = link(spec.interfaceName().get()).orElseThrow();
        Optional<IpAddress> source = spec.sourceIp().or(() -> primary(link.index(), spec.family()));
        IpAddress group = spec.mcastDstIp().orElse(spec.family() == IpFamily.INET
                ? config.globalDefs().vrrp().mcastGroup4() : config.globalDefs().vrrp().mcastGroup6());
        return source.map(s -> new InstanceSettings(spec, s, group));
    }

    private String problem(VrrpInstance spec) {
        if (spec.interfaceName().isEmpty()) {
            return "(" + spec.name() + ") has no interface: instances without one (vrf or unicast-only) are not"
                    + " supported in this version";
        }
        String name = spec.interfaceName().get();
        if (link(name).isEmpty()) {
            return "(" + spec.name() + ") interface " + name + " does not exist on this host (interfaces: "
                    + String.join(" ", links.stream().map(Link::name).toList()) + ")";
        }
        return "(" + spec.name() + ") interface " + name + " has no " + spec.family().label()
                + " address to send adverts from; give it one, or set unicast_src_ip/mcast_src_ip";
    }

    /**
     * The interface's primary address of a family, as keepalived picks it: IPv4, the first global address (a
     * primary, not a secondary); IPv6, the link-local address.
     */
    Optional<IpAddress> primary(int ifindex, IpFamily family) {
        for (InterfaceAddress a : addresses) {
            if (a.index() != ifindex || (family == IpFamily.INET) != a.address().isV4()) {
                continue;
            }
            if (family == IpFamily.INET ? !isSecondary(a) : a.address().isLinkLocal()) {
                return Optional.of(a.address());
            }
        }
        return Optional.empty();
    }

    private static boolean isSecondary(InterfaceAddress a) {
        return (a.flags() & 0x01) != 0; // IFA_F_SECONDARY
    }
}
