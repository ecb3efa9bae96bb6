package io.fulcrum.config.model;

import java.time.Duration;
import java.util.Objects;

/**
 * An entry of {@code interface_up_down_delays}: wait before acting on an interface going down or up.
 *
 * @param name      the interface
 * @param downDelay 0..255 s, microsecond resolution
 * @param upDelay   0..255 s [0]
 */
public record InterfaceUpDownDelay(String name, Duration downDelay, Duration upDelay) {

    public InterfaceUpDownDelay {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(downDelay, "downDelay");
        Objects.requireNonNull(upDelay, "upDelay");
        Duration max = Duration.ofSeconds(255);
        if (downDelay.isNegative() || upDelay.isNegative() || downDelay.compareTo(max) > 0
                || upDelay.compareTo(max) > 0) {
            throw new IllegalArgumentException("interface up/down delays must be in [0, 255] seconds");
        }
    }
}
