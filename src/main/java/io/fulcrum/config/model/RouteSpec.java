package io.fulcrum.config.model;

import io.fulcrum.common.IpAddress;
import io.fulcrum.common.IpPrefix;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A route to install: a static route, or a virtual route added while an instance is MASTER. The syntax is
 * {@code ip route add}'s, without abbreviations.
 *
 * @param family           IPv4 unless an address or {@code inet6} says IPv6
 * @param type             {@code unicast} (default), {@code blackhole}, ...
 * @param destination      {@code [to] PREFIX}; {@code default} is the family's /0
 * @param preferredSource  {@code src}: preferred source address for traffic using the route
 * @param source           {@code from}: source prefix (IPv6 source routing)
 * @param gateway          {@code via} / {@code gw}
 * @param alternateGateway {@code or}: keepalived's second gateway for the same route
 * @param dev              {@code dev} / {@code oif}
 * @param nextHops         {@code nexthop ...} entries of a multipath route
 * @param table            {@code table}: name or number [main]
 * @param metric           {@code metric} / {@code priority} / {@code preference}
 * @param scope            {@code scope}
 * @param protocol         {@code protocol} / {@code proto}: name or number [boot]
 * @param options          the other attributes, with their validated text
 * @param onlink           {@code onlink}
 * @param append           {@code append}: add after matching routes instead of before
 * @param noTrack          {@code no_track} (virtual routes)
 * @param trackGroup       {@code track_group} (static routes)
 */
public record RouteSpec(IpFamily family, RouteType type, IpPrefix destination, Optional<IpAddress> preferredSource,
        Optional<IpPrefix> source, Optional<IpAddress> gateway, Optional<IpAddress> alternateGateway,
        Optional<String> dev, List<NextHop> nextHops, Optional<String> table, OptionalLong metric,
        Optional<Scope> scope, Optional<String> protocol, Map<RouteOption, String> options, boolean onlink,
        boolean append, boolean noTrack, Optional<String> trackGroup) {

    public RouteSpec {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(preferredSource, "preferredSource");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(alternateGateway, "alternateGateway");
        Objects.requireNonNull(dev, "dev");
        nextHops = List.copyOf(nextHops);
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(protocol, "protocol");
        options = options.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new EnumMap<>(options));
        Objects.requireNonNull(trackGroup, "trackGroup");
        if (IpFamily.of(destination.address()) != family) {
            throw new IllegalArgumentException("route destination " + destination + " is not " + family.label());
        }
        for (Optional<IpAddress> a : List.of(preferredSource, gateway, alternateGateway)) {
            if (a.isPresent() && IpFamily.of(a.get()) != family) {
                throw new IllegalArgumentException("route address " + a.get() + " is not " + family.label());
            }
        }
        if (alternateGateway.isPresent() && gateway.isEmpty()) {
            throw new IllegalArgumentException("'or' needs a gateway before it");
        }
    }

    /** This route without its track_group (when the group does not exist). */
    public RouteSpec withoutTrackGroup() {
        return new RouteSpec(family, type, destination, preferredSource, source, gateway, alternateGateway, dev,
                nextHops, table, metric, scope, protocol, options, onlink, append, noTrack, Optional.empty());
    }
}
