package io.fulcrum.config.model;

import io.fulcrum.common.IpAddress;
import java.util.Objects;

/** What a {@code virtual_server} line names: an address and port, a firewall mark, or a virtual server group. */
public sealed interface VirtualServerAddress {

    /** {@code virtual_server IP [PORT]}; port 0 means any port (only valid for a persistent service). */
    record IpPort(IpAddress address, int port) implements VirtualServerAddress {
        public IpPort {
            Objects.requireNonNull(address, "address");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " out of range 0..65535");
            }
        }
    }

    /** {@code virtual_server fwmark N}: packets carrying firewall mark N (1..4294967295). */
    record Fwmark(long mark) implements VirtualServerAddress {
        public Fwmark {
            if (mark < 1 || mark > 0xffff_ffffL) {
                throw new IllegalArgumentException("fwmark " + mark + " out of range 1..4294967295");
            }
        }
    }

    /** {@code virtual_server group NAME}: every entry of a {@code virtual_server_group}. */
    record Group(String name) implements VirtualServerAddress {
        public Group {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty group name");
            }
        }
    }
}
