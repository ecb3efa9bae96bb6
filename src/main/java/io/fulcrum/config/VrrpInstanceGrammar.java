package io.fulcrum.config;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.AuthType;
import io.fulcrum.config.model.Authentication;
import io.fulcrum.config.model.IpFamily;
import io.fulcrum.config.model.UnicastPeer;
import io.fulcrum.config.model.VrrpState;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The core keywords of {@code vrrp_instance} (reference section 1.6): identity, priority and state, timers,
 * addresses, authentication and unicast. The rest are in {@link VrrpInstanceOptions}; the rules that need the
 * whole instance run in {@link VrrpCompletion}.
 */
final class VrrpInstanceGrammar {

    private VrrpInstanceGrammar() {
    }

    static final BlockGrammar<VrrpInstanceBuilder> AUTHENTICATION = new BlockGrammar<VrrpInstanceBuilder>(
            "authentication")
        .add("auth_type", "auth_type PASS|AH", "PASS: password in the advert; AH: IPsec AH (VRRPv2 only).",
            (a, b) -> {
                a.arity(1, 1);
                if (!a.has(0)) {
                    return;
                }
                switch (a.text(0)) {
                    case "PASS" -> b.authType = Optional.of(AuthType.PASS);
                    case "AH" -> b.authType = Optional.of(AuthType.AH);
                    default -> a.errorAt(a.token(0), b.label + " unknown authentication type '" + a.text(0) + "'");
                }
            })
        .add("auth_pass", "auth_pass PASSWORD", "The shared password; only the first 8 characters are used.",
            (a, b) -> {
                if (!a.arity(1, 1)) {
                    return;
                }
                String p = a.text(0);
                if (p.length() > Authentication.MAX_PASSWORD) {
                    a.warning("Truncating auth_pass to " + Authentication.MAX_PASSWORD + " characters");
                    p = p.substring(0, Authentication.MAX_PASSWORD);
                }
                b.authPass = p.isEmpty() ? Optional.empty() : Optional.of(p);
            });

    static final BlockGrammar<VrrpInstanceBuilder> VIPS = new BlockGrammar<VrrpInstanceBuilder>("virtual_ipaddress")
        .entries("IP[/LEN] [brd IP] [dev IF] [scope S] [label L] [peer IP] [home] [-nodad] [mngtmpaddr] "
                + "[noprefixroute] [autojoin] [no_track] [preferred_lft N|forever] [use_vmac]",
            "An advertised virtual address; all of one family; dev defaults to the instance's interface.",
            (a, b) -> AddressEntries.read(a, AddressEntries.Kind.VIP).ifPresent(vip -> {
                IpFamily f = vip.family();
                if (b.family.isPresent() && b.family.get() != f) {
                    a.error(b.label + ": address family must match VRRP instance [" + a.keyword() + "] - ignoring");
                    return;
                }
                b.family = Optional.of(f);
                b.vips.add(vip);
            }));

    static final BlockGrammar<VrrpInstanceBuilder> EVIPS = new BlockGrammar<VrrpInstanceBuilder>(
            "virtual_ipaddress_excluded")
        .entries("IP[/LEN] [brd IP] [dev IF] [scope S] [label L] [peer IP] [home] [-nodad] [mngtmpaddr] "
                + "[noprefixroute] [autojoin] [no_track] [preferred_lft N|forever] [use_vmac]",
            "A virtual address that is not advertised; any family.",
            (a, b) -> AddressEntries.read(a, AddressEntries.Kind.EXCLUDED).ifPresent(b.evips::add));

    static final BlockGrammar<VrrpInstanceBuilder> ROUTES = new BlockGrammar<VrrpInstanceBuilder>("virtual_routes")
        .entries("[TYPE] [to] PREFIX|default [src IP] [via|gw IP [or IP]] [dev IF] [table T] [metric N] ... "
                + "[no_track]", "A route added while MASTER (ip route syntax).",
            (a, b) -> RouteEntries.read(a, false).ifPresent(b.routes::add));

    static final BlockGrammar<VrrpInstanceBuilder> RULES = new BlockGrammar<VrrpInstanceBuilder>("virtual_rules")
        .entries("[not] [from P|all] [to P|all] [iif IF] [oif IF] [fwmark N[/M]] [preference N] "
                + "table T|goto N|blackhole|... [no_track]", "A policy rule added while MASTER (ip rule syntax).",
            (a, b) -> RuleEntries.read(a, false).ifPresent(b.rules::add));

    static final BlockGrammar<VrrpInstanceBuilder> UNICAST_PEERS = new BlockGrammar<VrrpInstanceBuilder>(
            "unicast_peer")
        .entries("IP [min_ttl 0..255] [max_ttl 0..255]", "A peer adverts are sent to instead of multicast.",
            VrrpInstanceGrammar::peer);

    static void addCore(BlockGrammar<VrrpInstanceBuilder> g) {
        g.add("state", "state MASTER|BACKUP",
                "Initial state [MASTER when priority is 255, else BACKUP]; MASTER without priority means 255.",
                VrrpInstanceGrammar::state)
            .add("interface", "interface IF", "Interface adverts are sent and received on.", (a, b) -> {
                if (!a.arity(1, 1)) {
                    return;
                }
                String n = a.text(0);
                if (n.length() >= 16) {
                    a.errorAt(a.token(0), "Interface name '" + n + "' too long - ignoring");
                } else if (n.equals("lo")) {
                    a.errorAt(a.token(0), b.label + " cannot use a loopback interface (" + n
                            + ") for vrrp - ignoring");
                } else {
                    b.iface = Optional.of(n);
                }
            })
            .add("vrf", "vrf VRF_IF", "VRF of a unicast instance that has no interface.", (a, b) -> {
                if (!a.arity(1, 1)) {
                    return;
                }
                String n = a.text(0);
                if (n.length() >= 16) {
                    a.errorAt(a.token(0), b.label + " VRF interface name '" + n + "' too long - ignoring");
                } else if (b.iface.isPresent()) {
                    a.error(b.label + " Cannot specify VRF interface and interface - ignoring");
                } else if (b.vrf.isPresent()) {
                    a.error(b.label + " VRF interface already specified as '" + b.vrf.get() + "' - ignoring");
                } else {
                    b.vrf = Optional.of(n);
                }
            })
            .add("virtual_router_id", "virtual_router_id 1..255", "The VRID; mandatory.", (a, b) -> {
                a.arity(1, 1);
                Optional<Integer> v = number(a, 1, 255);
                if (v.isEmpty()) {
                    a.error(b.label + ": VRID '" + (a.has(0) ? a.text(0) : "") + "' not valid - must be between 1 & 255");
                } else {
                    b.vrid = OptionalInt.of(v.get());
                }
            })
            .add("priority", "priority 1..255", "Election priority; 255 = address owner [100].", (a, b) -> {
                a.arity(1, 1);
                Optional<Integer> v = number(a, 1, 255);
                if (v.isEmpty()) {
                    a.error(b.label + " Priority not valid! must be between 1 & 255. Using default 100");
                    b.priority = OptionalInt.of(100);
                } else {
                    b.priority = OptionalInt.of(v.get());
                }
            })
            .add("advert_int", "advert_int SECONDS",
                "Advert interval: VRRPv2 whole seconds, VRRPv3 hundredths (0.01..40.95) [1].", (a, b) -> {
                    a.arity(1, 1);
                    Optional<Duration> d = a.has(0) ? Durations.parse(a.text(0)) : Optional.empty();
                    if (d.isEmpty() || d.get().compareTo(Duration.ofMillis(10)) < 0
                            || d.get().compareTo(Duration.ofSeconds(255)) > 0) {
                        a.error(b.label + " Advert interval (" + (a.has(0) ? a.text(0) : "")
                                + ") not valid! Must be > 0 - ignoring");
                    } else {
                        b.advertInterval = d;
                    }
                })
            .add("version", "version 2|3", "VRRP version [vrrp_version; IPv6 always 3].", (a, b) -> {
                a.arity(1, 1);
                Optional<Integer> v = number(a, 2, 3);
                if (v.isEmpty()) {
                    a.error(b.label + ": Version must be either 2 or 3");
                } else if ((b.version.isPresent() && b.version.getAsInt() != v.get())
                        || (v.get() == 2 && b.family.equals(Optional.of(IpFamily.INET6)))) {
                    a.error(b.label + " vrrp_version " + v.get() + " conflicts with configured or deduced version "
                            + b.version.orElse(3) + "; ignoring.");
                } else {
                    b.version = OptionalInt.of(v.get());
                }
            })
            .add("nopreempt", "nopreempt", "Do not take over from a lower-priority MASTER.",
                (a, b) -> b.nopreempt = Readers.set(a))
            .add("preempt", "preempt", "Take over from a lower-priority MASTER (the default).",
                (a, b) -> b.nopreempt = !Readers.set(a))
            .add("preempt_delay", "preempt_delay 0..1000", "Seconds to wait before preempting [0].", (a, b) -> {
                a.arity(1, 1);
                Optional<Duration> d = a.has(0) ? Durations.parse(a.text(0)) : Optional.empty();
                if (d.isEmpty() || d.get().compareTo(Duration.ofSeconds(1000)) > 0) {
                    a.error(b.label + " Preempt_delay not valid! must be between 0-1000");
                    b.preemptDelay = Duration.ZERO;
                } else {
                    b.preemptDelay = d.get();
                }
            })
            .addBlock("authentication", "authentication { auth_type PASS|AH; auth_pass PASSWORD }",
                "VRRPv2 authentication (not RFC 3768 compliant).", AUTHENTICATION,
                (a, b) -> a.block(AUTHENTICATION, b))
            .addBlock("virtual_ipaddress", "virtual_ipaddress { ADDRESS ... }", "The advertised VIPs.", VIPS,
                (a, b) -> a.block(VIPS, b))
            .addBlock("virtual_ipaddress_excluded", "virtual_ipaddress_excluded { ADDRESS ... }",
                "Addresses moved with the VIPs but not advertised.", EVIPS, (a, b) -> a.block(EVIPS, b))
            .addBlock("virtual_routes", "virtual_routes { ROUTE ... }", "Routes added while MASTER.", ROUTES,
                (a, b) -> a.block(ROUTES, b))
            .addBlock("virtual_rules", "virtual_rules { RULE ... }", "Policy rules added while MASTER.", RULES,
                (a, b) -> a.block(RULES, b));
        unicast(g);
    }

    private static void unicast(BlockGrammar<VrrpInstanceBuilder> g) {
        g.add("mcast_src_ip", "mcast_src_ip IP", "Source address of adverts [the interface's primary address].",
                VrrpInstanceGrammar::sourceIp)
            .add("unicast_src_ip", "unicast_src_ip IP", "Source address of unicast adverts.",
                VrrpInstanceGrammar::sourceIp)
            .addBlock("unicast_peer", "unicast_peer { IP [min_ttl N] [max_ttl N] ... }",
                "Send adverts to these peers instead of the multicast group.", UNICAST_PEERS,
                (a, b) -> a.block(UNICAST_PEERS, b))
            .add("unicast_ttl", "unicast_ttl 0..255", "TTL / hop limit of unicast adverts [255].", (a, b) -> {
                a.arity(1, 1);
                Optional<Integer> v = number(a, 0, 255);
                if (v.isEmpty()) {
                    a.error(b.label + ": TTL '" + (a.has(0) ? a.text(0) : "") + "' not valid - must be between 0 & 255");
                } else {
                    b.unicastTtl = OptionalInt.of(v.get());
                    b.unicastTtlAt = Optional.of(a);
                }
            })
            .add("unicast_fault_no_peer", "unicast_fault_no_peer",
                "Go to FAULT, rather than multicast, when there are no unicast peers.",
                (a, b) -> b.unicastFaultNoPeer = Readers.set(a))
            .add("check_unicast_src", "check_unicast_src", "Drop unicast adverts whose source is not a peer.",
                (a, b) -> b.checkUnicastSrc = Readers.set(a))
            .add("mcast_dst_ip", "mcast_dst_ip MULTICAST_IP",
                "Multicast group of adverts [vrrp_mcast_group4/6]; IPv6 must be link-local (ffX2::).",
                VrrpInstanceGrammar::mcastDst)
            .add("track_src_ip", "track_src_ip", "Go to FAULT if the configured source address goes away.",
                (a, b) -> b.trackSrcIp = Readers.set(a));
    }

    /** A whole number in [min, max], or empty (the caller reports with keepalived's words). */
    static Optional<Integer> number(Args a, int min, int max) {
        if (!a.has(0) || !a.text(0).matches("[0-9]{1,9}")) {
            return Optional.empty();
        }
        int v = Integer.parseInt(a.text(0));
        return v < min || v > max ? Optional.empty() : Optional.of(v);
    }

    private static void state(Args a, VrrpInstanceBuilder b) {
        if (!a.arity(1, 1)) {
            return;
        }
        switch (a.text(0)) {
            case "MASTER" -> b.state = Optional.of(VrrpState.MASTER);
            case "BACKUP" -> {
                if (b.state.equals(Optional.of(VrrpState.MASTER))) {
                    a.warning(b.label + " state previously set as MASTER - ignoring BACKUP");
                } else {
                    b.state = Optional.of(VrrpState.BACKUP);
                }
            }
            default -> {
                a.errorAt(a.token(0), b.label + " unknown state '" + a.text(0) + "', defaulting to BACKUP");
                b.state = Optional.of(VrrpState.BACKUP);
            }
        }
    }

    private static void sourceIp(Args a, VrrpInstanceBuilder b) {
        if (!a.arity(1, 1)) {
            return;
        }
        Optional<IpAddress> ip = IpAddress.tryParse(a.text(0));
        if (ip.isEmpty()) {
            a.errorAt(a.token(0), "Configuration error: VRRP instance[" + b.name + "] malformed src address["
                    + a.text(0) + "]. Skipping...");
            return;
        }
        IpFamily f = IpFamily.of(ip.get());
        if (b.family.isPresent() && b.family.get() != f) {
            a.errorAt(a.token(0), "Configuration error: VRRP instance[" + b.name + "] and src address[" + a.text(0)
                    + "] MUST be of the same family !!! Skipping...");
            return;
        }
        b.family = Optional.of(f);
        b.sourceIp = ip;
    }

    private static void mcastDst(Args a, VrrpInstanceBuilder b) {
        if (!a.arity(1, 1)) {
            return;
        }
        Optional<IpAddress> ip = IpAddress.tryParse(a.text(0));
        if (ip.isEmpty()) {
            a.errorAt(a.token(0), b.label + " malformed mcast dest address " + a.text(0) + ". Skipping...");
            return;
        }
        IpFamily f = IpFamily.of(ip.get());
        if (b.family.isPresent() && b.family.get() != f) {
            a.errorAt(a.token(0), b.label + " mcast dest address " + a.text(0)
                    + " MUST match VRRP instance family. Skipping...");
            return;
        }
        byte[] raw = ip.get().bytes();
        boolean ok = f == IpFamily.INET ? ip.get().isMulticast() : (raw[0] & 0xff) == 0xff && (raw[1] & 0x0f) == 2;
        if (!ok) {
            a.errorAt(a.token(0), b.label + " mcast_dst_ip " + a.text(0) + " not"
                    + (f == IpFamily.INET6 ? " link-local" : "") + " multicast. Skipping...");
            return;
        }
        b.family = Optional.of(f);
        b.mcastDstIp = ip;
    }

    private static void peer(Args a, VrrpInstanceBuilder b) {
        Optional<IpAddress> ip = IpAddress.tryParse(a.keyword());
        if (ip.isEmpty()) {
            a.error("Configuration error: VRRP instance[" + b.name + "] malformed unicast peer address["
                    + a.keyword() + "]. Skipping...");
            return;
        }
        IpFamily f = IpFamily.of(ip.get());
        if (b.family.isPresent() && b.family.get() != f) {
            a.error("Configuration error: VRRP instance[" + b.name + "] and unicast peer address[" + a.keyword()
                    + "] MUST be of the same family !!! Skipping...");
            return;
        }
        OptionalInt min = OptionalInt.empty();
        OptionalInt max = OptionalInt.empty();
        for (int i = 0; i < a.count(); i += 2) {
            String k = a.text(i);
            if (!k.equals("min_ttl") && !k.equals("max_ttl")) {
                a.errorAt(a.token(i), b.label + " unknown unicast_peer option " + k);
                break;
            }
            OptionalInt v = a.intArg(i + 1, 0, 255);
            if (v.isPresent()) {
                if (k.equals("min_ttl")) {
                    min = v;
                } else {
                    max = v;
                }
            }
        }
        if (min.isPresent() && max.isPresent() && min.getAsInt() > max.getAsInt()) {
            a.warning(b.label + " min_ttl " + min.getAsInt() + " > max_ttl " + max.getAsInt()
                    + " - all packets will be discarded");
        }
        IpAddress addr = ip.get();
        if (b.peers.stream().anyMatch(p -> p.address().equals(addr))) {
            a.warning(b.label + " duplicate unicast peer " + a.keyword() + " - ignoring");
            return;
        }
        b.family = Optional.of(f);
        b.peers.add(new UnicastPeer(addr, min, max));
    }


}
