package io.fulcrum.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A known daemon state: one MASTER instance, one virtual server with one real server up and one down. */
final class WebFixtures {

    private WebFixtures() {
    }

    static StatusView sample() {
        VrrpView vi = new VrrpView("VI_1", 51, "eth0", "MASTER", 100, 110, Optional.of("10.0.0.2"), 110,
                List.of("10.0.0.100"), List.of(
                        new VrrpView.Transition("2026-01-01T00:00:00Z", "INIT", "BACKUP", "init", 1_000),
                        new VrrpView.Transition("2026-01-01T00:00:03Z", "BACKUP", "MASTER", "advertisement timeout",
                                3_000_000_000L)));
        CheckView ok = new CheckView("TCP_CHECK", Optional.of(true), "ok", Optional.of(1.5),
                Optional.of("2026-01-01T00:00:04Z"), 7, 1);
        CheckView failed = new CheckView("HTTP_GET", Optional.of(false), "HTTP status code error", Optional.of(250.0),
                Optional.of("2026-01-01T00:00:04Z"), 5, 5);
        RealServerView up = new RealServerView("10.0.0.11:80", true, 3, true, "FNAT", 4, 2,
                new TrafficView(120, 1000, 900, 64_000, 1_280_000, 5, 2_000, 40_000), List.of(ok));
        RealServerView down = new RealServerView("10.0.0.12:80", false, 0, false, "FNAT", 0, 0, TrafficView.ZERO,
                List.of(failed));
        VirtualServerView vs = new VirtualServerView("TCP 10.0.0.100:80", "wlc", true, Optional.of("10.0.0.99:80"),
                false, new TrafficView(120, 1000, 900, 64_000, 1_280_000, 5, 2_000, 40_000), List.of(up, down));
        return new StatusView(true, List.of(vi), List.of(vs), new DataplaneView(true, 500, 480,
                Map.of("NO_CONNECTION", 20L), Map.of("FRAGMENT", 3L), Map.of()));
    }
}
