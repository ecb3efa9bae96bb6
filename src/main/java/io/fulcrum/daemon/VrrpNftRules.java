package io.fulcrum.daemon;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.IpAddressSpec;
import io.fulcrum.config.model.NftablesSettings;
import io.fulcrum.vrrp.InstanceSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The nftables text of the no_accept drop rules, as keepalived 2.2.7 builds them (vrrp_nftables.c; checked with
 * {@code nft list ruleset} against keepalived in a network namespace): a table {@code ip NAME} with a set
 * {@code vips} and chains {@code in}/{@code out} dropping packets to/from it; a table {@code ip6 NAME} alike,
 * which first accepts neighbour solicitations and advertisements (so the VIPs stay reachable as neighbours) and
 * sends link-local addresses to chains matching address and interface. Each table is made when its family's
 * first address comes, the link-local sets with their first link-local address.
 */
final class VrrpNftRules {

    /** The sets an address goes into. */
    enum SetKind {
        /** {@code ip NAME vips}: IPv4 addresses. */
        V4("ip", "vips"),
        /** {@code ip6 NAME vips}: IPv6 addresses other than link-local. */
        V6("ip6", "vips"),
        /** {@code ip6 NAME vips_link_local}: link-local address . interface index. */
        V6_LINK_LOCAL("ip6", "vips_link_local"),
        /** {@code ip6 NAME vips_link_local_name}: link-local address . interface name (dont_track_primary). */
        V6_LINK_LOCAL_NAME("ip6", "vips_link_local_name");

        final String family;
        final String set;

        SetKind(String family, String set) {
            this.family = family;
            this.set = set;
        }
    }

    /** One element of a set: an address, with its interface for the link-local sets. */
    record Element(SetKind kind, IpAddress address, String device) {
        String text() {
            return switch (kind) {
                case V4, V6 -> address.toString();
                case V6_LINK_LOCAL, V6_LINK_LOCAL_NAME -> address + " . \"" + device + "\"";
            };
        }
    }

    private final NftablesSettings settings;

    VrrpNftRules(NftablesSettings settings) {
        this.settings = settings;
    }

    String table() {
        return settings.tableName();
    }

    /**
     * The elements of an instance's VIPs and excluded VIPs. A link-local address is keyed by interface name when
     * the instance has {@code dont_track_primary} (and the address is on its interface or is {@code no_track})
     * unless {@code nftables_ifindex} is set, by interface index otherwise, as keepalived does.
     */
    List<Element> elements(InstanceSettings instance) {
        List<Element> out = new ArrayList<>();
        String own = instance.spec().interfaceName().orElse("");
        for (IpAddressSpec vip : instance.allAddresses()) {
            IpAddress a = vip.address().address();
            String dev = VrrpHost.device(instance, vip);
            SetKind kind;
            if (a.isV4()) {
                kind = SetKind.V4;
            } else if (!a.isLinkLocal()) {
                kind = SetKind.V6;
            } else if (!settings.ifindex() && instance.spec().dontTrackPrimary()
                    && (dev.equals(own) || vip.noTrack())) {
                kind = SetKind.V6_LINK_LOCAL_NAME;
            } else {
                kind = SetKind.V6_LINK_LOCAL;
            }
            out.add(new Element(kind, a, dev));
        }
        return out;
    }

    /** Creates {@code family}'s table with its base chains and sets (deleting a stale one of the same name). */
    String createTable(String family) {
        String t = family + " " + table();
        StringBuilder sb = new StringBuilder(Nft.deleteIfPresent(family, table()));
        sb.append("table ").append(t).append(" {\n");
        if (family.equals("ip")) {
            sb.append("\tset vips {\n\t\ttype ipv4_addr\n\t}\n");
            chain(sb, "out", "output", List.of("ip saddr @vips" + counter() + " drop"));
            chain(sb, "in", "input", List.of("ip daddr @vips" + counter() + " drop"));
        } else {
            sb.append("\tset vips {\n\t\ttype ipv6_addr\n\t}\n");
            sb.append("\tset neighbor-discovery {\n\t\ttype icmpv6_type\n\t\tflags constant\n")
                    .append("\t\telements = { nd-neighbor-solicit, nd-neighbor-advert }\n\t}\n");
            chain(sb, "out", "output", List.of("icmpv6 type @neighbor-discovery" + counter() + " accept",
                    "ip6 saddr fe80::/10" + counter() + " goto out_link_local",
                    "ip6 saddr @vips" + counter() + " drop"));
            chain(sb, "in", "input", List.of("icmpv6 type @neighbor-discovery" + counter() + " accept",
                    "ip6 daddr fe80::/10" + counter() + " goto in_link_local",
                    "ip6 daddr @vips" + counter() + " drop"));
            sb.append("\tchain in_link_local {\n\t}\n\tchain out_link_local {\n\t}\n");
        }
        return sb.append("}\n").toString();
    }

    private void chain(StringBuilder sb, String name, String hook, List<String> rules) {
        sb.append("\tchain ").append(name).append(" {\n\t\ttype filter hook ").append(hook).append(" priority ")
                .append(settings.priority()).append("; policy accept;\n");
        rules.forEach(r -> sb.append("\t\t").append(r).append('\n'));
        sb.append("\t}\n");
    }

    /** Adds a link-local set ({@link SetKind#V6_LINK_LOCAL} or {@code _NAME}) and the rules dropping on it. */
    String createLinkLocalSet(SetKind kind) {
        boolean byName = kind == SetKind.V6_LINK_LOCAL_NAME;
        String t = "ip6 " + table();
        String in = byName ? "iifname" : "iif";
        String out = byName ? "oifname" : "oif";
        return "add set " + t + " " + kind.set + " { type ipv6_addr . " + (byName ? "ifname" : "iface_index")
                + "; }\n"
                + "add rule " + t + " in_link_local ip6 daddr . " + in + " @" + kind.set + counter() + " drop\n"
                + "add rule " + t + " out_link_local ip6 saddr . " + out + " @" + kind.set + counter() + " drop\n";
    }

    /** {@code add element} (or {@code delete element}) lines for {@code elements}, one per set. */
    String elements(String verb, Collection<Element> elements) {
        StringBuilder sb = new StringBuilder();
        for (SetKind k : SetKind.values()) {
            String list = elements.stream().filter(e -> e.kind() == k).map(Element::text)
                    .collect(Collectors.joining(", "));
            if (!list.isEmpty()) {
                sb.append(verb.toLowerCase(Locale.ROOT)).append(" element ").append(k.family).append(' ')
                        .append(table()).append(' ').append(k.set).append(" { ").append(list).append(" }\n");
            }
        }
        return sb.toString();
    }

    private String counter() {
        return settings.counters() ? " counter" : "";
    }
}
