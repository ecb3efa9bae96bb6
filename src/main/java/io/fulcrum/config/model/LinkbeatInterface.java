package io.fulcrum.config.model;

import java.util.Objects;

/** An entry of {@code linkbeat_interfaces}: poll this interface's link state instead of trusting netlink. */
public record LinkbeatInterface(String name, LinkbeatMode mode) {

    public LinkbeatInterface {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("linkbeat interface needs a name");
        }
    }
}
