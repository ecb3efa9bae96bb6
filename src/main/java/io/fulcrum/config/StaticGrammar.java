package io.fulcrum.config;

import io.fulcrum.config.model.GarpGroup;
import io.fulcrum.config.model.InterfaceUpDownDelay;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.LinkbeatInterface;
import io.fulcrum.config.model.LinkbeatMode;
import io.fulcrum.config.model.StaticAddress;
import io.fulcrum.config.model.StaticRoute;
import io.fulcrum.config.model.StaticRule;
import io.fulcrum.config.model.TrackGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The non-VRRP blocks of the VRRP process (reference section 1.3): static addresses, routes and rules, track
 * groups, linkbeat interfaces, interface up/down delays and GARP groups; the tracked blocks are in
 * {@link TrackedBlocksGrammar}.
 */
final class StaticGrammar {

    private StaticGrammar() {
    }

    static final BlockGrammar<ConfigBuilder> STATIC_ADDRESSES = new BlockGrammar<ConfigBuilder>("static_ipaddress")
        .entries("IP[/LEN] [brd IP|+|-] [dev IF] [scope S] [label L] [peer IP] [home] [-nodad] [mngtmpaddr] "
                + "[noprefixroute] [autojoin] [track_group G] [preferred_lft N|forever]",
            "An address configured at start and kept; dev defaults to default_interface.",
            (a, cfg) -> AddressEntries.read(a, AddressEntries.Kind.STATIC).ifPresent(s -> {
                VrrpCompletion completion = VrrpCompletion.of(cfg); // fills in the default interface at the end
                s.trackGroup().ifPresent(g -> completion.staticRefs.add(new VrrpCompletion.StaticRef(a, g,
                        VrrpCompletion.StaticList.ADDRESSES, cfg.staticAddresses.size())));
                cfg.staticAddresses.add(new StaticAddress(s));
            }));

    static final BlockGrammar<ConfigBuilder> STATIC_ROUTES = new BlockGrammar<ConfigBuilder>("static_routes")
        .entries("[TYPE] [to] PREFIX|default [src IP] [via|gw IP] [dev IF] [table T] [metric N] ... [track_group G]",
            "A route installed at start and kept (ip route syntax).",
            (a, cfg) -> RouteEntries.read(a, true).ifPresent(r -> {
                r.trackGroup().ifPresent(g -> VrrpCompletion.of(cfg).staticRefs.add(new VrrpCompletion.StaticRef(a, g,
                        VrrpCompletion.StaticList.ROUTES, cfg.staticRoutes.size())));
                cfg.staticRoutes.add(new StaticRoute(r));
            }));

    static final BlockGrammar<ConfigBuilder> STATIC_RULES = new BlockGrammar<ConfigBuilder>("static_rules")
        .entries("[not] [from P|all] [to P|all] [iif IF] [fwmark N[/M]] [preference N] table T|... [track_group G]",
            "A policy rule installed at start and kept (ip rule syntax).",
            (a, cfg) -> RuleEntries.read(a, true).ifPresent(r -> {
                r.trackGroup().ifPresent(g -> VrrpCompletion.of(cfg).staticRefs.add(new VrrpCompletion.StaticRef(a, g,
                        VrrpCompletion.StaticList.RULES, cfg.staticRules.size())));
                cfg.staticRules.add(new StaticRule(r));
            }));

    /** A track_group being read. */
    private static final class TrackGroupB {
        final String name;
        Optional<List<Token>> members = Optional.empty();

        TrackGroupB(String name) {
            this.name = name;
        }
    }

    static final BlockGrammar<TrackGroupB> TRACK_GROUP = new BlockGrammar<TrackGroupB>("track_group")
        .addBlock("group", "group { VRRP_INSTANCE ... }", "The instances that track the static entries.", null,
            (a, b) -> {
                if (b.members.isPresent()) {
                    a.error("Group list already specified for sync group " + b.name);
                    return;
                }
                var words = a.blockWords();
                if (a.statement().hasBlock() && words.isEmpty()) {
                    a.warning("Warning - track group " + b.name + " has empty group block");
                    return;
                }
                b.members = a.statement().hasBlock() ? Optional.of(words) : Optional.empty();
            });

    static final BlockGrammar<ConfigBuilder> LINKBEAT = new BlockGrammar<ConfigBuilder>("linkbeat_interfaces")
        .entries("IF [MII|ETHTOOL|IOCTL]", "Poll this interface's link state [MII, else ETHTOOL, else ioctl].",
            (a, cfg) -> {
                LinkbeatMode mode = LinkbeatMode.AUTO;
                if (a.has(0)) {
                    switch (a.text(0)) {
                        case "MII" -> mode = LinkbeatMode.MII;
                        case "ETHTOOL" -> mode = LinkbeatMode.ETHTOOL;
                        case "IOCTL" -> mode = LinkbeatMode.IOCTL;
                        default -> a.errorAt(a.token(0), "extra characters " + a.text(0) + " in linkbeat interface");
                    }
                    if (a.has(1)) {
                        a.errorAt(a.token(1), "extra characters " + a.text(1) + " in linkbeat interface");
                    }
                }
                String n = a.keyword();
                if (cfg.linkbeatInterfaces.stream().anyMatch(l -> l.name().equals(n))) {
                    a.warning("linkbeat interface " + n + " already specified - ignoring");
                    return;
                }
                cfg.linkbeatInterfaces.add(new LinkbeatInterface(n, mode));
            });

    static final BlockGrammar<ConfigBuilder> UP_DOWN = new BlockGrammar<ConfigBuilder>("interface_up_down_delays")
        .entries("IF DOWN_DELAY [UP_DELAY]", "Seconds (0..255, microsecond resolution) to wait before acting on "
                + "the interface going down / up [up: 0].", StaticGrammar::upDownDelay);

    private static void upDownDelay(Args a, ConfigBuilder cfg) {
        String n = a.keyword();
        if (!a.has(0)) {
            a.error("No timeouts specified for " + n + " up/down delays");
            return;
        }
        if (a.count() > 2) {
            a.warningAt(a.token(2), "Too many parameters for " + n + " up/down delays");
        }
        Optional<Duration> down = delay(a, 0, "down", n);
        Optional<Duration> up = a.has(1) ? delay(a, 1, "up", n) : Optional.of(Duration.ZERO);
        if (down.isEmpty() || up.isEmpty()) {
            return;
        }
        if (cfg.interfaceUpDownDelays.stream().anyMatch(d -> d.name().equals(n))) {
            a.warning("up/down delays for " + n + " already specified - ignoring");
            return;
        }
        cfg.interfaceUpDownDelays.add(new InterfaceUpDownDelay(n, down.get(), up.get()));
    }

    private static Optional<Duration> delay(Args a, int i, String which, String n) {
        Optional<Duration> d = Durations.parse(a.text(i));
        if (d.isEmpty() || d.get().compareTo(Duration.ofSeconds(255)) > 0) {
            a.errorAt(a.token(i), "Invalid " + which + " delay " + a.text(i) + " for " + n);
            return Optional.empty();
        }
        return d;
    }

    /** A garp_group being read. */
    private static final class GarpB {
        Optional<Duration> garp = Optional.empty();
        Optional<Duration> gna = Optional.empty();
        final List<String> interfaces = new ArrayList<>();
        boolean single;
        boolean aggregated;
    }

    static final BlockGrammar<GarpB> GARP_GROUP = new BlockGrammar<GarpB>("garp_group")
        .add("garp_interval", "garp_interval SECONDS", "Minimum gap between gratuitous ARPs.",
            (a, b) -> interval(a, "garp").ifPresent(d -> b.garp = Optional.of(d)))
        .add("gna_interval", "gna_interval SECONDS", "Minimum gap between unsolicited NAs.",
            (a, b) -> interval(a, "gna").ifPresent(d -> b.gna = Optional.of(d)))
        .add("interface", "interface IF", "The interface the intervals apply to.", (a, b) -> {
            if (!a.arity(1, 1)) {
                return;
            }
            if (b.aggregated || b.single) {
                a.error("garp_group: only one of interface or interfaces may be given - ignoring " + a.text(0));
                return;
            }
            b.single = true;
            b.interfaces.add(a.text(0));
        })
        .addBlock("interfaces", "interfaces { IF ... }", "Interfaces on one switch: the intervals apply to all "
                + "of them together.", null, (a, b) -> {
                var words = a.blockWords();
                if (!a.statement().hasBlock()) {
                    return;
                }
                if (b.aggregated || b.single) {
                    a.error("garp_group: only one of interface or interfaces may be given - ignoring this block");
                    return;
                }
                if (words.isEmpty()) {
                    a.warning("Warning - empty garp_group interfaces block");
                    return;
                }
                b.aggregated = true;
                words.forEach(t -> b.interfaces.add(t.text()));
            });

    private static Optional<Duration> interval(Args a, String what) {
        a.arity(1, 1);
        Optional<Duration> d = a.has(0) ? Durations.parse(a.text(0)) : Optional.empty();
        if (d.isEmpty() || d.get().compareTo(Duration.ofSeconds(Integer.MAX_VALUE / 1_000_000L)) > 0) {
            a.error("garp_group " + what + "_interval '" + (a.has(0) ? a.text(0) : "") + "' invalid");
            return Optional.empty();
        }
        if (d.get().compareTo(Duration.ofSeconds(1)) >= 0) {
            a.warning("The " + what + "_interval is very large - " + a.text(0) + " seconds");
        }
        return d;
    }

    static void register(BlockGrammar<ConfigBuilder> root) {
        root.addBlock("static_ipaddress", "static_ipaddress { ADDRESS ... }",
                "Addresses configured at start and never moved.", STATIC_ADDRESSES,
                (a, cfg) -> a.block(STATIC_ADDRESSES, cfg))
            .addBlock("static_routes", "static_routes { ROUTE ... }", "Routes installed at start.", STATIC_ROUTES,
                (a, cfg) -> a.block(STATIC_ROUTES, cfg))
            .addBlock("static_rules", "static_rules { RULE ... }", "Policy rules installed at start.", STATIC_RULES,
                (a, cfg) -> a.block(STATIC_RULES, cfg))
            .addBlock("track_group", "track_group NAME { group { VRRP_INSTANCE ... } }",
                "Instances that go to FAULT when a static entry naming the group is lost.", TRACK_GROUP,
                StaticGrammar::trackGroup)
            .addBlock("linkbeat_interfaces", "linkbeat_interfaces { IF [MII|ETHTOOL|IOCTL] ... }",
                "Interfaces whose link state is polled rather than taken from netlink.", LINKBEAT,
                (a, cfg) -> a.block(LINKBEAT, cfg))
            .addBlock("interface_up_down_delays", "interface_up_down_delays { IF DOWN [UP] ... }",
                "Debounce interface state changes.", UP_DOWN, (a, cfg) -> a.block(UP_DOWN, cfg))
            .addBlock("garp_group", "garp_group { garp_interval S; gna_interval S; interface IF | interfaces { } }",
                "Pacing of gratuitous ARPs / NAs per interface or switch.", GARP_GROUP, StaticGrammar::garpGroup);
        TrackedBlocksGrammar.register(root);
    }

    private static void trackGroup(Args a, ConfigBuilder cfg) {
        if (a.count() != 1) {
            a.error("track_group must have a name - skipping");
            return;
        }
        TrackGroupB b = new TrackGroupB(a.text(0));
        a.block(TRACK_GROUP, b);
        VrrpCompletion v = VrrpCompletion.of(cfg);
        if (v.trackGroups.stream().anyMatch(p -> p.name().equals(b.name))) {
            a.error("track_group " + b.name + " already defined");
            return;
        }
        if (b.members.isEmpty()) {
            a.warning("Static track group " + b.name + " has no members - removing");
            return;
        }
        v.trackGroups.add(new VrrpCompletion.PendingTrackGroup(a, b.name, b.members.get()));
    }

    private static void garpGroup(Args a, ConfigBuilder cfg) {
        a.arity(0, 0);
        GarpB b = new GarpB();
        a.block(GARP_GROUP, b);
        // keepalived names a group by its aggregation number: 0 unless it has an interfaces block
        long number = b.aggregated ? cfg.garpGroups.stream().filter(GarpGroup::aggregated).count() + 1 : 0;
        if (b.garp.isEmpty() && b.gna.isEmpty()) {
            a.error("garp group " + number + " does not have any delay set - removing");
            return;
        }
        List<String> ifs = new ArrayList<>();
        for (String n : b.interfaces) {
            if (cfg.garpGroups.stream().anyMatch(g -> g.interfaces().contains(n)) || ifs.contains(n)) {
                a.error("garp_group already specified for " + n + " - ignoring");
            } else {
                ifs.add(n);
            }
        }
        cfg.garpGroups.add(new GarpGroup(b.garp, b.gna, ifs, b.aggregated && !ifs.isEmpty()));
    }

    static void dump(KeepalivedConfig c, DumpWriter w) {
        if (!c.linkbeatInterfaces().isEmpty()) {
            w.open("linkbeat_interfaces");
            for (LinkbeatInterface l : c.linkbeatInterfaces()) {
                w.words(l.mode() == LinkbeatMode.AUTO ? List.of(l.name()) : List.of(l.name(), l.mode().name()));
            }
            w.close();
        }
        if (!c.interfaceUpDownDelays().isEmpty()) {
            w.open("interface_up_down_delays");
            for (InterfaceUpDownDelay d : c.interfaceUpDownDelays()) {
                w.words(List.of(d.name(), Durations.format(d.downDelay()), Durations.format(d.upDelay())));
            }
            w.close();
        }
        for (TrackGroup t : c.trackGroups()) {
            w.open("track_group", t.name());
            w.open("group");
            t.members().forEach(m -> w.words(List.of(m)));
            w.close();
            w.close();
        }
        if (!c.staticAddresses().isEmpty()) {
            w.open("static_ipaddress");
            c.staticAddresses().forEach(s -> w.words(AddressEntries.words(s.address())));
            w.close();
        }
        if (!c.staticRoutes().isEmpty()) {
            w.open("static_routes");
            c.staticRoutes().forEach(s -> w.words(RouteWords.words(s.route())));
            w.close();
        }
        if (!c.staticRules().isEmpty()) {
            w.open("static_rules");
            c.staticRules().forEach(s -> w.words(RuleEntries.words(s.rule())));
            w.close();
        }
        TrackedBlocksGrammar.dump(c, w);
        BfdGrammar.dump(c, w);
        for (GarpGroup g : c.garpGroups()) {
            w.open("garp_group");
            g.garpInterval().ifPresent(d -> w.line("garp_interval", d));
            g.gnaInterval().ifPresent(d -> w.line("gna_interval", d));
            if (g.aggregated()) {
                w.open("interfaces");
                g.interfaces().forEach(i -> w.words(List.of(i)));
                w.close();
            } else if (!g.interfaces().isEmpty()) {
                w.line("interface", g.interfaces().getFirst());
            }
            w.close();
        }
    }
}
