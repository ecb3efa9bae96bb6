package io.fulcrum.config;

import io.fulcrum.config.model.NextHop;
import io.fulcrum.config.model.RouteOption;
import io.fulcrum.config.model.RouteSpec;
import io.fulcrum.config.model.RouteType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Writes routes back as {@code ip route} words, and the number reader routes and rules share. */
final class RouteWords {

    private RouteWords() {
    }

    /** A decimal or 0x hex number up to max, as decimal text. */
    static Optional<String> number(String x, long max) {
        long v;
        try {
            v = x.toLowerCase(Locale.ROOT).startsWith("0x") && x.length() > 2 && x.length() <= 10
                    ? Long.parseLong(x.substring(2), 16)
                    : x.matches("[0-9]{1,10}") ? Long.parseLong(x) : -1;
        } catch (NumberFormatException e) {
            v = -1;
        }
        return v >= 0 && v <= max ? Optional.of(Long.toString(v)) : Optional.empty();
    }

    /** The route as words, in canonical order. */
    static List<String> words(RouteSpec s) {
        List<String> w = new ArrayList<>();
        if (s.type() != RouteType.UNICAST) {
            w.add(s.type().keyword());
        }
        w.add(RuleEntries.text(s.destination()));
        s.preferredSource().ifPresent(x -> w.addAll(List.of("src", x.toString())));
        s.source().ifPresent(x -> w.addAll(List.of("from", RuleEntries.text(x))));
        s.gateway().ifPresent(x -> w.addAll(List.of("via", x.toString())));
        s.alternateGateway().ifPresent(x -> w.addAll(List.of("or", x.toString())));
        s.dev().ifPresent(x -> w.addAll(List.of("dev", x)));
        s.table().ifPresent(x -> w.addAll(List.of("table", x)));
        s.metric().ifPresent(x -> w.addAll(List.of("metric", Long.toString(x))));
        s.scope().ifPresent(x -> w.addAll(List.of("scope", x.toString())));
        s.protocol().ifPresent(x -> w.addAll(List.of("protocol", x)));
        for (RouteOption o : RouteOption.values()) {
            String v = s.options().get(o);
            if (v != null) {
                w.add(o.keyword());
                w.addAll(List.of(v.split(" ")));
            }
        }
        AddressEntries.flag(w, s.onlink(), "onlink");
        for (NextHop n : s.nextHops()) {
            w.add("nexthop");
            n.gateway().ifPresent(x -> w.addAll(List.of("via", x.toString())));
            n.dev().ifPresent(x -> w.addAll(List.of("dev", x)));
            n.weight().ifPresent(x -> w.addAll(List.of("weight", Integer.toString(x))));
            AddressEntries.flag(w, n.onlink(), "onlink");
        }
        AddressEntries.flag(w, s.append(), "append");
        AddressEntries.flag(w, s.noTrack(), "no_track");
        s.trackGroup().ifPresent(g -> w.addAll(List.of("track_group", g)));
        return w;
    }
}
