package io.fulcrum.daemon;

import io.fulcrum.cli.Dataplane;
import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.ProxyProtocolVersion;
import io.fulcrum.config.model.SorryServer;
import io.fulcrum.dataplane.packet.PacketService;
import io.fulcrum.dataplane.proxy.ProxiedService;
import io.fulcrum.dataplane.proxy.ProxyProtocol;
import io.fulcrum.ipvs.DestinationSnapshot;
import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.ServiceSnapshot;
import io.fulcrum.ipvs.ServiceTable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which services of the table the proxy serves, which the packet engine serves, and what to say about the others
 * (the rule of {@code fulcrum run --dataplane}, docs/user-guide.md):
 * <ul>
 *   <li>auto: a service is proxied when a virtual_server it comes from uses lvs_method FNAT (itself or one of its
 *       real servers), or when it has a FullNat destination (ipvsadm --fullnat); a DR/NAT/TUN destination of a
 *       proxied service is reached through the proxy as full NAT (a notice each). Every other service goes to the
 *       packet engine, which forwards its Route (DR), Masq (NAT) and Tunnel (TUN) destinations;</li>
 *   <li>proxy: every service is proxied;</li>
 *   <li>none: nothing is.</li>
 * </ul>
 * Only TCP and UDP services with a port can be proxied: a firewall-mark, port-0 or SCTP service that would be is
 * not forwarded, with a notice. The sorry server and PROXY header come from the configuration's virtual_server.
 *
 * @param proxied what the proxy is to serve, in the table's order
 * @param packet  what the packet engine is to serve, in the table's order
 * @param notices what to log about the rest, each with a key that stays the same while its cause lasts
 */
record ForwardingPlan(List<ProxiedService> proxied, List<PacketService> packet, List<Notice> notices) {

    /** A warning line; {@code key} identifies its cause, so a cause that lasts is logged once. */
    record Notice(String key, String line) {
    }

    ForwardingPlan {
        proxied = List.copyOf(proxied);
        packet = List.copyOf(packet);
        notices = List.copyOf(notices);
    }

    static ForwardingPlan of(Dataplane mode, ServiceTable table, ServiceOrigins origins) {
        List<ProxiedService> proxied = new ArrayList<>();
        List<PacketService> packet = new ArrayList<>();
        List<Notice> notices = new ArrayList<>();
        if (mode == Dataplane.NONE) {
            return new ForwardingPlan(proxied, packet, notices);
        }
        for (ServiceSnapshot s : table.snapshot().services()) {
            Optional<ServiceOrigins.Origin> origin = origins.of(s.key());
            boolean wanted = mode == Dataplane.PROXY || origin.map(ServiceOrigins.Origin::fullNat).orElse(false)
                    || s.destinations().stream().anyMatch(d -> method(d) == ForwardingMethod.FULLNAT);
            Optional<String> unfit = unfit(s.key());
            if (wanted && unfit.isEmpty()) {
                ServiceKey.Inet key = (ServiceKey.Inet) s.key();
                proxied.add(new ProxiedService(key, table.service(key).orElseThrow(),
                        origin.flatMap(ServiceOrigins.Origin::sorryServer).map(o -> sorry(o, key)),
                        proxyProtocol(key, origin, notices)));
                if (mode == Dataplane.AUTO) {
                    notDestinations(s, ForwardingMethod.FULLNAT, "forwarded by the proxy as full NAT (its"
                            + " service is proxied); responses flow back through the director", notices);
                }
            } else if (wanted) {
                notices.add(new Notice(s.key().toString(), s.key() + ": " + unfit.get() + " cannot be proxied -"
                        + " not forwarded"));
            } else if (unfit.isEmpty()) {
                ServiceKey.Inet key = (ServiceKey.Inet) s.key();
                packet.add(new PacketService(key, table.service(key).orElseThrow()));
                for (DestinationSnapshot d : s.destinations()) {
                    if (method(d) == ForwardingMethod.LOCAL) {
                        String dest = s.key() + " -> " + endpoint(d.address(), d.port());
                        notices.add(new Notice(dest + " Local", dest + " (Local): the packet engine does not"
                                + " deliver to local real servers yet - not forwarded"));
                    }
                }
            } else {
                notices.add(new Notice(s.key().toString(), s.key() + ": " + unfit.get() + " are not forwarded by"
                        + " the packet engine yet - in the table only"));
            }
        }
        return new ForwardingPlan(proxied, packet, notices);
    }

    /** Why a service cannot be proxied, if it cannot. */
    private static Optional<String> unfit(ServiceKey key) {
        return switch (key) {
            case ServiceKey.Fwmark f -> Optional.of("firewall-mark services");
            case ServiceKey.Inet i when i.protocol() == Protocol.SCTP -> Optional.of("SCTP services");
            case ServiceKey.Inet i when i.port() == 0 -> Optional.of("port-0 (all ports) services");
            case ServiceKey.Inet i -> Optional.empty();
        };
    }

    private static ForwardingMethod method(DestinationSnapshot d) {
        return d.settings().forwarding();
    }

    /** A notice for each destination not forwarded with {@code except} (null: every destination). */
    private static void notDestinations(ServiceSnapshot s, ForwardingMethod except, String what,
            List<Notice> notices) {
        for (DestinationSnapshot d : s.destinations()) {
            if (method(d) != except) {
                String dest = s.key() + " -> " + endpoint(d.address(), d.port());
                notices.add(new Notice(dest + " " + method(d), dest + " (" + method(d).ipvsadmName() + "): "
                        + what));
            }
        }
    }

    private static Optional<ProxyProtocol> proxyProtocol(ServiceKey.Inet key, Optional<ServiceOrigins.Origin> origin,
            List<Notice> notices) {
        Optional<ProxyProtocolVersion> v = origin.flatMap(ServiceOrigins.Origin::proxyProtocol);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.get() == ProxyProtocolVersion.V1 && key.protocol() == Protocol.UDP) {
            notices.add(new Notice(key + " proxy_protocol", key + ": proxy_protocol v1 carries TCP only - this UDP"
                    + " service is proxied without a PROXY header (use v2)"));
            return Optional.empty();
        }
        return Optional.of(switch (v.get()) {
            case V1 -> ProxyProtocol.V1;
            case V2 -> ProxyProtocol.V2;
        });
    }

    /** The sorry server's address; its port is the service's when the configuration gives none. */
    private static InetSocketAddress sorry(SorryServer s, ServiceKey.Inet key) {
        return new InetSocketAddress(inet(s.address()), s.port() != 0 ? s.port() : key.port());
    }

    static InetAddress inet(IpAddress a) {
        try {
            return InetAddress.getByAddress(a.bytes());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + a.bytes().length + " bytes: " + a, e);
        }
    }

    private static String endpoint(IpAddress a, int port) {
        return (a.isV6() ? "[" + a + "]" : a.toString()) + ":" + port;
    }
}
