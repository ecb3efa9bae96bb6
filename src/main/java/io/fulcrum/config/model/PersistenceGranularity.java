package io.fulcrum.config.model;

import io.fulcrum.common.IpAddress;
import java.util.Objects;

/** {@code persistence_granularity}: the client address mask of persistence templates ({@code ipvsadm -M}). */
public sealed interface PersistenceGranularity {

    /** An IPv4 netmask; like ipvsadm and the kernel, its ones need not be contiguous. */
    record V4Mask(IpAddress mask) implements PersistenceGranularity {
        public V4Mask {
            Objects.requireNonNull(mask, "mask");
            if (!mask.isV4()) {
                throw new IllegalArgumentException("an IPv4 persistence granularity is a dotted netmask");
            }
        }
    }

    /** An IPv6 prefix length 1..128. */
    record V6Prefix(int length) implements PersistenceGranularity {
        public V6Prefix {
            if (length < 1 || length > 128) {
                throw new IllegalArgumentException("IPv6 persistence granularity " + length + " out of range 1..128");
            }
        }
    }
}
