package io.fulcrum.config;

import io.fulcrum.common.IpAddress;
import io.fulcrum.common.IpPrefix;
import io.fulcrum.config.model.IpFamily;
import io.fulcrum.config.model.NextHop;
import io.fulcrum.config.model.RouteOption;
import io.fulcrum.config.model.RouteSpec;
import io.fulcrum.config.model.RouteType;
import io.fulcrum.config.model.Scope;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads and writes route entries ({@code static_routes}, {@code virtual_routes}) in {@code ip route add} syntax.
 * A route with an error is skipped as a whole: installing half of what was meant is worse than installing nothing.
 */
final class RouteEntries {

    private RouteEntries() {
    }

    private static final String NAME = "[A-Za-z0-9_.:@-]{1,64}";

    /** The state of one route being read. */
    private static final class Route {
        Optional<IpFamily> family = Optional.empty();
        Optional<RouteType> type = Optional.empty();
        Optional<String> destination = Optional.empty();
        Optional<IpAddress> prefSrc = Optional.empty();
        Optional<IpPrefix> from = Optional.empty();
        Optional<IpAddress> via = Optional.empty();
        Optional<IpAddress> orVia = Optional.empty();
        Optional<String> dev = Optional.empty();
        final List<NextHop> nextHops = new ArrayList<>();
        Optional<String> table = Optional.empty();
        OptionalLong metric = OptionalLong.empty();
        Optional<Scope> scope = Optional.empty();
        Optional<String> protocol = Optional.empty();
        final Map<RouteOption, String> options = new EnumMap<>(RouteOption.class);
        boolean onlink;
        boolean append;
        boolean noTrack;
        Optional<String> trackGroup = Optional.empty();
        boolean ok = true;
    }

    /** Reads one route; {@code isStatic} allows track_group, otherwise no_track. */
    static Optional<RouteSpec> read(Args a, boolean isStatic) {
        List<String> w = new ArrayList<>();
        w.add(a.keyword());
        a.rest(0).forEach(t -> w.add(t.text()));
        Route r = new Route();
        int i = 0;
        while (i < w.size() && r.ok) {
            i = word(a, w, i, r, isStatic);
        }
        if (!r.ok) {
            return Optional.empty();
        }
        if (r.options.containsKey(RouteOption.PREF) && r.family.orElse(IpFamily.INET) != IpFamily.INET6) {
            a.error("pref is only valid for IPv6");
            return Optional.empty();
        }
        if (r.destination.isEmpty()) {
            a.error("Route " + String.join(" ", w) + " has no destination - ignoring");
            return Optional.empty();
        }
        IpFamily family = r.family.orElse(IpFamily.INET);
        String d = r.destination.get();
        IpPrefix dest = d.equals("default")
                ? new IpPrefix(IpAddress.parse(family == IpFamily.INET ? "0.0.0.0" : "::"), 0)
                : IpPrefix.tryParse(d).orElseThrow();
        try {
            return Optional.of(new RouteSpec(family, r.type.orElse(RouteType.UNICAST), dest, r.prefSrc, r.from, r.via,
                    r.orVia, r.dev, r.nextHops, r.table, r.metric, r.scope, r.protocol, r.options, r.onlink, r.append,
                    r.noTrack, r.trackGroup));
        } catch (IllegalArgumentException e) {
            a.error("Invalid route " + String.join(" ", w) + ": " + e.getMessage() + " - ignoring");
            return Optional.empty();
        }
    }

    private static boolean fail(Args a, int i, String message) {
        if (i == 0) {
            a.error(message);
        } else {
            a.errorAt(a.token(i - 1), message);
        }
        return false;
    }

    /** Takes the family of an address, failing on a mix. */
    private static boolean family(Args a, int i, Route r, IpAddress addr) {
        IpFamily f = IpFamily.of(addr);
        if (r.family.isPresent() && r.family.get() != f) {
            return fail(a, i, "Route address " + addr + " does not match the route's address family - ignoring route");
        }
        r.family = Optional.of(f);
        return true;
    }

    private static Optional<IpAddress> addr(Args a, List<String> w, int i, Route r) {
        Optional<IpAddress> ip = i < w.size() ? IpAddress.tryParse(w.get(i)) : Optional.empty();
        if (ip.isEmpty()) {
            r.ok = fail(a, Math.min(i, w.size() - 1), "Invalid address '" + (i < w.size() ? w.get(i) : "")
                    + "' in route - ignoring route");
            return Optional.empty();
        }
        r.ok = family(a, i, r, ip.get());
        return r.ok ? ip : Optional.empty();
    }

    /** A gateway address, with keepalived's message when it is not one. */
    private static Optional<IpAddress> via(Args a, List<String> w, int i, Route r) {
        if (i < w.size() && IpAddress.tryParse(w.get(i)).isEmpty()) {
            r.ok = fail(a, i, "invalid route via address " + w.get(i));
            return Optional.empty();
        }
        return addr(a, w, i, r);
    }

    private static Optional<String> value(Args a, List<String> w, int i, Route r) {
        if (i >= w.size()) {
            r.ok = fail(a, w.size() - 1, "Route option '" + w.get(i - 1) + "' needs a value - ignoring route");
            return Optional.empty();
        }
        return Optional.of(w.get(i));
    }

    /** Reads the word at i (and its values); returns the index of the next word. */
    private static int word(Args a, List<String> w, int i, Route r, boolean isStatic) {
        String k = w.get(i);
        switch (k) {
            case "inet" -> setFamily(a, i, r, IpFamily.INET);
            case "inet6" -> setFamily(a, i, r, IpFamily.INET6);
            case "to" -> {
                Optional<String> v = value(a, w, i + 1, r);
                v.ifPresent(d -> destination(a, i + 1, r, d));
                return i + 2;
            }
            case "src" -> {
                r.prefSrc = addr(a, w, i + 1, r);
                return i + 2;
            }
            case "from" -> {
                Optional<String> v = value(a, w, i + 1, r);
                Optional<IpPrefix> p = v.flatMap(IpPrefix::tryParse);
                if (v.isPresent() && p.isEmpty()) {
                    r.ok = fail(a, i + 1, "Invalid source prefix '" + v.get() + "' in route - ignoring route");
                } else if (p.isPresent() && family(a, i + 1, r, p.get().address())) {
                    r.from = p;
                } else if (p.isPresent()) {
                    r.ok = false;
                }
                return i + 2;
            }
            case "via", "gw" -> {
                int j = i + 1;
                if (j < w.size() && (w.get(j).equals("inet") || w.get(j).equals("inet6"))) {
                    j++;
                }
                r.via = via(a, w, j, r);
                return j + 1;
            }
            case "or" -> {
                a.warningAt(a.token(i - 1), "\"or\" for routes is deprecated. Please use \"nexthop\"");
                r.orVia = via(a, w, i + 1, r);
                return i + 2;
            }
            case "dev", "oif" -> {
                value(a, w, i + 1, r).ifPresent(v -> r.dev = Optional.of(v));
                return i + 2;
            }
            case "table" -> {
                value(a, w, i + 1, r).ifPresent(v -> r.table = name(a, i + 1, r, v, "table"));
                return i + 2;
            }
            case "metric", "priority", "preference" -> {
                value(a, w, i + 1, r).ifPresent(v -> r.metric = u32(a, i + 1, r, v, k));
                return i + 2;
            }
            case "scope" -> {
                value(a, w, i + 1, r).ifPresent(v -> {
                    r.scope = Scope.parse(v);
                    if (r.scope.isEmpty()) {
                        r.ok = fail(a, i + 1, "Invalid route scope '" + v + "' - ignoring route");
                    }
                });
                return i + 2;
            }
            case "protocol", "proto" -> {
                value(a, w, i + 1, r).ifPresent(v -> r.protocol = name(a, i + 1, r, v, "protocol"));
                return i + 2;
            }
            case "nexthop" -> {
                return nextHop(a, w, i + 1, r);
            }
            case "onlink" -> r.onlink = true;
            case "append" -> r.append = true;
            case "no_track" -> {
                if (isStatic) {
                    r.ok = fail(a, i, "no_track is only valid for virtual routes - ignoring route");
                }
                r.noTrack = true;
            }
            case "track_group" -> {
                if (!isStatic) {
                    r.ok = fail(a, i, "track_group is only valid for static routes - ignoring route");
                }
                value(a, w, i + 1, r).ifPresent(v -> r.trackGroup = Optional.of(v));
                return i + 2;
            }
            default -> {
                return other(a, w, i, r);
            }
        }
        return i + 1;
    }

    private static void setFamily(Args a, int i, Route r, IpFamily f) {
        if (r.family.isPresent() && r.family.get() != f) {
            r.ok = fail(a, i, "'" + (f == IpFamily.INET ? "inet" : "inet6")
                    + "' does not match the route's addresses - ignoring route");
        }
        r.family = Optional.of(f);
    }

    private static void destination(Args a, int i, Route r, String d) {
        if (r.destination.isPresent()) {
            r.ok = fail(a, i, "Route has two destinations (" + r.destination.get() + ", " + d + ") - ignoring route");
            return;
        }
        if (!d.equals("default")) {
            Optional<IpPrefix> p = IpPrefix.tryParse(d);
            if (p.isEmpty()) {
                r.ok = fail(a, i, "Invalid route destination '" + d + "' - ignoring route");
                return;
            }
            if (!family(a, i, r, p.get().address())) {
                r.ok = false;
                return;
            }
        }
        r.destination = Optional.of(d);
    }

    private static Optional<String> name(Args a, int i, Route r, String v, String what) {
        if (!v.matches(NAME)) {
            r.ok = fail(a, i, "Invalid route " + what + " '" + v + "' - ignoring route");
            return Optional.empty();
        }
        return Optional.of(v);
    }

    private static OptionalLong u32(Args a, int i, Route r, String v, String what) {
        if (!v.matches("[0-9]{1,10}") || Long.parseLong(v) > 0xFFFF_FFFFL) {
            r.ok = fail(a, i, "Invalid route " + what + " '" + v + "' - ignoring route");
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(v));
    }

    private static int nextHop(Args a, List<String> w, int i, Route r) {
        Optional<IpAddress> via = Optional.empty();
        Optional<String> dev = Optional.empty();
        OptionalInt weight = OptionalInt.empty();
        boolean onlink = false;
        int j = i;
        loop:
        while (j < w.size() && r.ok) {
            switch (w.get(j)) {
                case "via", "gw" -> {
                    int k = j + 1;
                    if (k < w.size() && (w.get(k).equals("inet") || w.get(k).equals("inet6"))) {
                        k++;
                    }
                    via = via(a, w, k, r);
                    j = k + 1;
                }
                case "dev" -> {
                    Optional<String> v = value(a, w, j + 1, r);
                    dev = v.isPresent() ? v : dev;
                    j += 2;
                }
                case "weight" -> {
                    Optional<String> v = value(a, w, j + 1, r);
                    if (v.isPresent() && (!v.get().matches("[0-9]{1,3}") || Integer.parseInt(v.get()) < 1
                            || Integer.parseInt(v.get()) > 256)) {
                        r.ok = fail(a, j + 1, "Invalid nexthop weight '" + v.get() + "' - ignoring route");
                    } else if (v.isPresent()) {
                        weight = OptionalInt.of(Integer.parseInt(v.get()));
                    }
                    j += 2;
                }
                case "onlink" -> {
                    onlink = true;
                    j++;
                }
                default -> {
                    break loop;
                }
            }
        }
        if (r.ok && via.isEmpty() && dev.isEmpty()) {
            r.ok = fail(a, i, "nexthop needs 'via' or 'dev' - ignoring route");
        }
        if (r.ok) {
            r.nextHops.add(new NextHop(via, dev, weight, onlink));
        }
        return j;
    }

    /** A route type, a RouteOption, or the destination. */
    private static int other(Args a, List<String> w, int i, Route r) {
        String k = w.get(i);
        for (RouteType t : RouteType.values()) {
            if (t.keyword().equals(k) && r.type.isEmpty() && r.destination.isEmpty()) {
                r.type = Optional.of(t);
                return i + 1;
            }
        }
        String key = k.equals("dsfield") ? "tos" : k;
        for (RouteOption o : RouteOption.values()) {
            if (o.keyword().equals(key)) {
                return option(a, w, i, r, o);
            }
        }
        if (k.equals("default") || IpPrefix.tryParse(k).isPresent()) {
            destination(a, i, r, k);
            return i + 1;
        }
        r.ok = fail(a, i, "unknown route keyword " + k);
        return i + 1;
    }

    private static int option(Args a, List<String> w, int i, Route r, RouteOption o) {
        int j = i + 1;
        String lock = "";
        boolean lockable = switch (o.kind()) {
            case LOCKABLE_NUMBER, LOCKABLE_TIME, LOCKABLE_WORD -> true;
            default -> false;
        };
        if (lockable && j < w.size() && w.get(j).equals("lock")) {
            lock = "lock ";
            j++;
        }
        Optional<String> v = value(a, w, j, r);
        if (v.isEmpty()) {
            return j + 1;
        }
        String x = v.get();
        Optional<String> canonical = switch (o.kind()) {
            case BYTE -> RouteWords.number(x, 255);
            case NUMBER, LOCKABLE_NUMBER -> RouteWords.number(x, 0xFFFF_FFFFL);
            case LOCKABLE_TIME -> x.matches("[0-9]{1,10}(\\.[0-9]{1,6})?(s|ms|us|ns|sec|secs|msec|msecs|usec|usecs)?")
                    ? Optional.of(x) : Optional.empty();
            case LOCKABLE_WORD, WORD, REALMS -> x.matches(NAME + "(/" + NAME + ")?") ? Optional.of(x) : Optional.empty();
            case FEATURES -> x.equals("ecn") ? Optional.of(x) : Optional.empty();
            case ZERO_ONE -> x.equals("0") || x.equals("1") ? Optional.of(x) : Optional.empty();
            case PREF -> List.of("low", "medium", "high").contains(x) ? Optional.of(x) : Optional.empty();
            case ENABLED_DISABLED -> x.equals("enabled") || x.equals("disabled") ? Optional.of(x) : Optional.empty();
        };
        if (canonical.isEmpty()) {
            r.ok = fail(a, j, "Invalid value '" + x + "' for route " + o.keyword() + " - ignoring route");
        } else {
            r.options.put(o, lock + canonical.get());
        }
        return j + 1;
    }
}
