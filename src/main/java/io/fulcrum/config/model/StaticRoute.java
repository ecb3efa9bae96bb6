package io.fulcrum.config.model;

import java.util.Objects;

/** An entry of {@code static_routes}: a route installed at start and kept. */
public record StaticRoute(RouteSpec route) {

    public StaticRoute {
        Objects.requireNonNull(route, "route");
    }
}
