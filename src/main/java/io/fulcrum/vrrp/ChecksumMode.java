package io.fulcrum.vrrp;

import io.fulcrum.common.IpAddress;
import java.util.Objects;

/**
 * How the checksum of a VRRPv3 advert is computed (VRRPv2 always sums the message alone, whatever the mode).
 *
 * <ul>
 * <li>{@link #PSEUDO_HEADER} (RFC 5798): the IPv4 or IPv6 pseudo-header with the real destination (the group,
 * or the unicast peer), then the message.</li>
 * <li>{@link #AS_V2} ({@code v3_checksum_as_v2}): the message alone, as VRRPv2 does.</li>
 * <li>{@link OldUnicast} ({@code old_unicast_checksum}): keepalived up to 1.3.6 put the multicast group in the
 * IPv4 pseudo-header even when sending to a unicast peer.</li>
 * <li>{@link #KERNEL} (IPv6): the kernel fills in and verifies the checksum ({@code IPV6_CHECKSUM} at offset 6),
 * so encoding leaves the field 0 and verification accepts anything.</li>
 * </ul>
 */
public sealed interface ChecksumMode {

    /** RFC 5798: pseudo-header with the real destination. */
    ChecksumMode PSEUDO_HEADER = new PseudoHeader();
    /** {@code v3_checksum_as_v2}: no pseudo-header. */
    ChecksumMode AS_V2 = new AsV2();
    /** IPv6 with the kernel's checksum offload: left 0 on encode, not verified on decode. */
    ChecksumMode KERNEL = new Kernel();

    /** keepalived 1.3.6 and earlier: the pseudo-header names {@code group} instead of the unicast peer. */
    static ChecksumMode oldUnicast(IpAddress group) {
        return new OldUnicast(group);
    }

    /** See {@link #PSEUDO_HEADER}. */
    record PseudoHeader() implements ChecksumMode {
    }

    /** See {@link #AS_V2}. */
    record AsV2() implements ChecksumMode {
    }

    /** See {@link #KERNEL}. */
    record Kernel() implements ChecksumMode {
    }

    /** See {@link #oldUnicast}. */
    record OldUnicast(IpAddress group) implements ChecksumMode {
        public OldUnicast {
            Objects.requireNonNull(group, "group");
        }
    }
}
