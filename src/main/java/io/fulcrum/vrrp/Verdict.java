package io.fulcrum.vrrp;

import java.util.List;
import java.util.Objects;

/**
 * What {@link AdvertCheck} made of a received packet: an advert for the state machine (with the lines to log,
 * e.g. a VIP mismatch that keepalived only logs), or a drop with the one line keepalived logs for it.
 */
public sealed interface Verdict {

    /** The advert passed every receive check; {@code logLines} are to be logged all the same (may be empty). */
    record Accepted(VrrpAdvert advert, List<String> logLines) implements Verdict {
        public Accepted {
            Objects.requireNonNull(advert, "advert");
            logLines = List.copyOf(logLines);
        }
    }

    /** The packet was dropped; {@code logLine} is keepalived's line for it, {@code reason} the rule it broke. */
    record Dropped(String logLine, Reason reason) implements Verdict {
        public Dropped {
            Objects.requireNonNull(logLine, "logLine");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The receive rule a dropped packet broke, in the order {@link AdvertCheck} applies them. */
    enum Reason {
        /** An IPv6 packet for an IPv4 instance or the reverse. */
        FAMILY,
        /** AH header present without auth_type AH, or absent with it. */
        AH_MISMATCH,
        /** Fewer bytes than the VRRP header, or than the header, addresses and authentication data. */
        TOO_SHORT,
        /** More bytes than the message and no IP total length explaining them as padding. */
        TOO_LONG,
        /** Not this instance's virtual router id (the dispatcher normally sorts these out). */
        VRID_MISMATCH,
        /** Multicast advert with a TTL / hop limit other than 255. */
        TTL,
        /** VRRP version other than the configured one. */
        WRONG_VERSION,
        /** VRRPv2 authentication type not 0, 1 or 2. */
        AUTH_TYPE_INVALID,
        /** VRRPv2 authentication type other than the configured one. */
        AUTH_TYPE_MISMATCH,
        /** VRRPv2 simple password differs. */
        WRONG_PASSWORD,
        /** auth_type AH is configured: Fulcrum does not implement IPsec AH, so it cannot verify the advert. */
        AH_NOT_SUPPORTED,
        /** VRRPv2 advertisement interval differs from the configured one. */
        INTERVAL_MISMATCH,
        /** VRRP type other than 1 (advertisement). */
        WRONG_TYPE,
        /** IPv4 total length disagrees with the length received. */
        IP_LENGTH_MISMATCH,
        /** Bad VRRPv2 or VRRPv3 checksum. */
        CHECKSUM,
        /** Multicast advert on a unicast instance, or unicast advert on a multicast instance. */
        WRONG_DESTINATION,
        /** The instance is the address owner and owner_ignore_adverts is set. */
        OWNER_IGNORES_ADVERTS,
        /** check_unicast_src: the source is not a unicast peer. */
        NOT_A_PEER,
        /** The unicast peer's TTL is outside its min_ttl..max_ttl. */
        PEER_TTL
    }
}
