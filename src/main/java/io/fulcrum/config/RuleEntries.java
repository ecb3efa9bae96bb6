package io.fulcrum.config;

import io.fulcrum.common.IpPrefix;
import io.fulcrum.config.model.IpFamily;
import io.fulcrum.config.model.RuleAction;
import io.fulcrum.config.model.RuleOption;
import io.fulcrum.config.model.RuleSpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads and writes policy rule entries ({@code static_rules}, {@code virtual_rules}) in {@code ip rule add}
 * syntax. A rule with an error is skipped as a whole.
 */
final class RuleEntries {

    private RuleEntries() {
    }

    private static final String NAME = "[A-Za-z0-9_.:@-]{1,64}";

    /** The state of one rule being read. */
    private static final class Rule {
        Optional<IpFamily> family = Optional.empty();
        boolean not;
        Optional<IpPrefix> from = Optional.empty();
        Optional<IpPrefix> to = Optional.empty();
        Optional<RuleAction> action = Optional.empty();
        Optional<String> table = Optional.empty();
        OptionalLong gotoTarget = OptionalLong.empty();
        OptionalLong preference = OptionalLong.empty();
        Optional<String> iif = Optional.empty();
        Optional<String> oif = Optional.empty();
        OptionalLong fwmark = OptionalLong.empty();
        OptionalLong fwmask = OptionalLong.empty();
        final Map<RuleOption, String> options = new EnumMap<>(RuleOption.class);
        boolean noTrack;
        Optional<String> trackGroup = Optional.empty();
        boolean ok = true;
    }

    static Optional<RuleSpec> read(Args a, boolean isStatic) {
        List<String> w = new ArrayList<>();
        w.add(a.keyword());
        a.rest(0).forEach(t -> w.add(t.text()));
        Rule r = new Rule();
        int i = 0;
        while (i < w.size() && r.ok) {
            i = word(a, w, i, r, isStatic);
        }
        if (!r.ok) {
            return Optional.empty();
        }
        RuleAction action = r.action.orElse(RuleAction.TABLE);
        Optional<String> table = r.table;
        if (action == RuleAction.TABLE && table.isEmpty() && !r.options.containsKey(RuleOption.L3MDEV)) {
            table = Optional.of("main");
        }
        try {
            return Optional.of(new RuleSpec(r.family.orElse(IpFamily.INET), r.not, r.from, r.to, action, table,
                    r.gotoTarget, r.preference, r.iif, r.oif, r.fwmark, r.fwmask, r.options, r.noTrack, r.trackGroup));
        } catch (IllegalArgumentException e) {
            a.error("Invalid rule " + String.join(" ", w) + ": " + e.getMessage() + " - ignoring");
            return Optional.empty();
        }
    }

    private static boolean fail(Args a, int i, String message) {
        if (i == 0) {
            a.error(message);
        } else {
            a.errorAt(a.token(Math.min(i, a.count()) - 1), message);
        }
        return false;
    }

    private static Optional<String> value(Args a, List<String> w, int i, Rule r) {
        if (i >= w.size()) {
            r.ok = fail(a, w.size() - 1, "Rule option '" + w.get(i - 1) + "' needs a value - ignoring rule");
            return Optional.empty();
        }
        return Optional.of(w.get(i));
    }

    private static void family(Args a, int i, Rule r, IpFamily f) {
        if (r.family.isPresent() && r.family.get() != f) {
            r.ok = fail(a, i, "Rule addresses and family do not match - ignoring rule");
        }
        r.family = Optional.of(f);
    }

    private static Optional<IpPrefix> prefix(Args a, int i, Rule r, String v) {
        if (v.equals("all")) {
            return Optional.empty();
        }
        Optional<IpPrefix> p = IpPrefix.tryParse(v);
        if (p.isEmpty()) {
            r.ok = fail(a, i, "Invalid rule address '" + v + "' - ignoring rule");
            return Optional.empty();
        }
        family(a, i, r, IpFamily.of(p.get().address()));
        return p;
    }

    private static void action(Args a, int i, Rule r, RuleAction act) {
        if (r.action.isPresent() && r.action.get() != act) {
            r.ok = fail(a, i, "Rule has two actions - ignoring rule");
        }
        r.action = Optional.of(act);
    }

    private static OptionalLong u32(Args a, int i, Rule r, String v, String what) {
        Optional<String> n = RouteWords.number(v, 0xFFFF_FFFFL);
        if (n.isEmpty()) {
            r.ok = fail(a, i, "Invalid rule " + what + " '" + v + "' - ignoring rule");
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(n.get()));
    }

    private static int word(Args a, List<String> w, int i, Rule r, boolean isStatic) {
        String k = w.get(i);
        switch (k) {
            case "inet" -> family(a, i, r, IpFamily.INET);
            case "inet6" -> family(a, i, r, IpFamily.INET6);
            case "not" -> r.not = true;
            case "from" -> {
                value(a, w, i + 1, r).ifPresent(v -> r.from = prefix(a, i + 1, r, v));
                return i + 2;
            }
            case "to" -> {
                value(a, w, i + 1, r).ifPresent(v -> r.to = prefix(a, i + 1, r, v));
                return i + 2;
            }
            case "table", "lookup" -> {
                value(a, w, i + 1, r).ifPresent(v -> {
                    if (!v.matches(NAME)) {
                        r.ok = fail(a, i + 1, "Invalid rule table '" + v + "' - ignoring rule");
                    }
                    action(a, i, r, RuleAction.TABLE);
                    r.table = Optional.of(v);
                });
                return i + 2;
            }
            case "preference", "priority", "order", "pref" -> {
                value(a, w, i + 1, r).ifPresent(v -> r.preference = u32(a, i + 1, r, v, "preference"));
                return i + 2;
            }
            case "iif", "dev" -> {
                value(a, w, i + 1, r).ifPresent(v -> r.iif = Optional.of(v));
                return i + 2;
            }
            case "oif" -> {
                value(a, w, i + 1, r).ifPresent(v -> r.oif = Optional.of(v));
                return i + 2;
            }
            case "fwmark" -> {
                value(a, w, i + 1, r).ifPresent(v -> fwmark(a, i + 1, r, v));
                return i + 2;
            }
            case "goto" -> {
                value(a, w, i + 1, r).ifPresent(v -> {
                    action(a, i, r, RuleAction.GOTO);
                    r.gotoTarget = u32(a, i + 1, r, v, "goto");
                });
                return i + 2;
            }
            case "nop" -> action(a, i, r, RuleAction.NOP);
            case "blackhole" -> action(a, i, r, RuleAction.BLACKHOLE);
            case "unreachable" -> action(a, i, r, RuleAction.UNREACHABLE);
            case "prohibit" -> action(a, i, r, RuleAction.PROHIBIT);
            case "type" -> {
                value(a, w, i + 1, r).ifPresent(v -> {
                    switch (v) {
                        case "blackhole" -> action(a, i, r, RuleAction.BLACKHOLE);
                        case "unreachable" -> action(a, i, r, RuleAction.UNREACHABLE);
                        case "prohibit" -> action(a, i, r, RuleAction.PROHIBIT);
                        case "nop" -> action(a, i, r, RuleAction.NOP);
                        default -> r.ok = fail(a, i + 1, "Invalid rule type '" + v + "' - ignoring rule");
                    }
                });
                return i + 2;
            }
            case "l3mdev" -> r.options.put(RuleOption.L3MDEV, "");
            case "no_track" -> {
                if (isStatic) {
                    r.ok = fail(a, i, "no_track is only valid for virtual rules - ignoring rule");
                }
                r.noTrack = true;
            }
            case "track_group" -> {
                if (!isStatic) {
                    r.ok = fail(a, i, "track_group is only valid for static rules - ignoring rule");
                }
                value(a, w, i + 1, r).ifPresent(v -> r.trackGroup = Optional.of(v));
                return i + 2;
            }
            default -> {
                return option(a, w, i, r);
            }
        }
        return i + 1;
    }

    private static void fwmark(Args a, int i, Rule r, String v) {
        int slash = v.indexOf('/');
        Optional<String> mark = RouteWords.number(slash < 0 ? v : v.substring(0, slash), 0xFFFF_FFFFL);
        Optional<String> mask = slash < 0 ? Optional.of("0") : RouteWords.number(v.substring(slash + 1), 0xFFFF_FFFFL);
        if (mark.isEmpty() || mask.isEmpty()) {
            r.ok = fail(a, i, "Invalid rule fwmark " + v + " specified");
            return;
        }
        r.fwmark = OptionalLong.of(Long.parseLong(mark.get()));
        r.fwmask = slash < 0 ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(mask.get()));
    }

    private static int option(Args a, List<String> w, int i, Rule r) {
        String k = w.get(i).equals("dsfield") ? "tos" : w.get(i);
        for (RuleOption o : RuleOption.values()) {
            if (o.keyword().equals(k) && o != RuleOption.L3MDEV) {
                Optional<String> v = value(a, w, i + 1, r);
                if (v.isEmpty()) {
                    return i + 2;
                }
                String x = v.get();
                Optional<String> canonical = switch (o) {
                    case TOS -> RouteWords.number(x, 255);
                    case SUPPRESS_PREFIXLENGTH -> RouteWords.number(x, 128);
                    case UIDRANGE -> x.matches("[0-9]{1,10}-[0-9]{1,10}") ? Optional.of(x) : Optional.empty();
                    case SPORT, DPORT -> x.matches("[0-9]{1,5}(-[0-9]{1,5})?") ? Optional.of(x) : Optional.empty();
                    case REALMS, SUPPRESS_IFGROUP, IP_PROTO, PROTOCOL, L3MDEV ->
                        x.matches(NAME + "(/" + NAME + ")?") ? Optional.of(x) : Optional.empty();
                };
                if (canonical.isEmpty()) {
                    r.ok = fail(a, i + 1, "Invalid value '" + x + "' for rule " + o.keyword() + " - ignoring rule");
                } else {
                    r.options.put(o, canonical.get());
                }
                return i + 2;
            }
        }
        r.ok = fail(a, i, "Unknown rule option " + w.get(i));
        return i + 1;
    }

    /** A prefix as written back: a host prefix as a plain address. */
    static String text(IpPrefix p) {
        return p.isHost() ? p.address().toString() : p.toString();
    }

    /** The rule as words, in canonical order. */
    static List<String> words(RuleSpec s) {
        List<String> w = new ArrayList<>();
        AddressEntries.flag(w, s.not(), "not");
        w.addAll(List.of("from", s.from().map(RuleEntries::text).orElse("all")));
        s.to().ifPresent(x -> w.addAll(List.of("to", text(x))));
        s.iif().ifPresent(x -> w.addAll(List.of("iif", x)));
        s.oif().ifPresent(x -> w.addAll(List.of("oif", x)));
        s.fwmark().ifPresent(x -> w.addAll(List.of("fwmark",
                Long.toString(x) + s.fwmask().stream().mapToObj(m -> "/" + m).findFirst().orElse(""))));
        for (RuleOption o : RuleOption.values()) {
            String v = s.options().get(o);
            if (v != null) {
                w.add(o.keyword());
                if (!v.isEmpty()) {
                    w.add(v);
                }
            }
        }
        s.preference().ifPresent(x -> w.addAll(List.of("preference", Long.toString(x))));
        switch (s.action()) {
            case TABLE -> s.table().ifPresent(t -> w.addAll(List.of("table", t)));
            case GOTO -> w.addAll(List.of("goto", Long.toString(s.gotoTarget().orElseThrow())));
            case NOP -> w.add("nop");
            case BLACKHOLE -> w.add("blackhole");
            case UNREACHABLE -> w.add("unreachable");
            case PROHIBIT -> w.add("prohibit");
        }
        if (s.family() == IpFamily.INET6 && s.from().isEmpty() && s.to().isEmpty()) {
            w.add("inet6");
        }
        AddressEntries.flag(w, s.noTrack(), "no_track");
        s.trackGroup().ifPresent(g -> w.addAll(List.of("track_group", g)));
        return w;
    }
}
