package io.fulcrum.config.model;

import io.fulcrum.common.IpAddress;
import java.util.Objects;
import java.util.Optional;

/** One line of a {@code virtual_server_group}: an address range with a port, or a firewall mark. */
public sealed interface VirtualServerGroupEntry {

    /**
     * Addresses {@code first..last} (equal for a single address) of one family, with a port (0 = any: persistent
     * services only). Written {@code a.b.c.d-e}, {@code a.b.c.d-e.f.g.h} or {@code a.b.c.d/nn} in the file.
     */
    record AddressRange(IpAddress first, IpAddress last, int port) implements VirtualServerGroupEntry {
        public AddressRange {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(last, "last");
            if (first.isV4() != last.isV4()) {
                throw new IllegalArgumentException("Range address families do not match " + first + "-" + last);
            }
            if (first.compareTo(last) > 0) {
                throw new IllegalArgumentException("Address range end is less than address range start - "
                        + first + "-" + last);
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " out of range 0..65535");
            }
        }

        public IpFamily family() {
            return IpFamily.of(first);
        }
    }

    /** {@code fwmark N [inet|inet6]}; the family is needed only when all real servers are tunnelled. */
    record Fwmark(long mark, Optional<IpFamily> family) implements VirtualServerGroupEntry {
        public Fwmark {
            Objects.requireNonNull(family, "family");
            if (mark < 0 || mark > 0xffff_ffffL) {
                throw new IllegalArgumentException("fwmark " + mark + " out of range 0..4294967295");
            }
        }
    }
}
