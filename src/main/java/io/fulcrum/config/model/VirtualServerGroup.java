package io.fulcrum.config.model;

import java.util.List;
import java.util.Objects;

/** A {@code virtual_server_group}: services sharing one set of real servers and one checker per real server. */
public record VirtualServerGroup(String name, List<VirtualServerGroupEntry> entries) {

    public VirtualServerGroup {
        Objects.requireNonNull(name, "name");
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("virtual server group " + name + " has no entries");
        }
    }

    public List<VirtualServerGroupEntry.AddressRange> ranges() {
        return entries.stream().filter(e -> e instanceof VirtualServerGroupEntry.AddressRange)
                .map(e -> (VirtualServerGroupEntry.AddressRange) e).toList();
    }

    public List<VirtualServerGroupEntry.Fwmark> fwmarks() {
        return entries.stream().filter(e -> e instanceof VirtualServerGroupEntry.Fwmark)
                .map(e -> (VirtualServerGroupEntry.Fwmark) e).toList();
    }
}
