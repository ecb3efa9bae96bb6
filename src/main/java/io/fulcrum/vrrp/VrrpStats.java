package io.fulcrum.vrrp;

import java.util.Objects;

/**
 * One instance's counters as keepalived keeps them ({@code vrrp_stats}) and prints them in its stats dump, plus two
 * receive errors keepalived counts only for SNMP (checksum, version).
 *
 * @param name              the instance's name
 * @param advertReceived    adverts that passed the receive checks (keepalived's "Correct type, version, and
 *                          length")
 * @param advertSent        adverts sent (one per advert, whatever the number of unicast peers)
 * @param becameMaster      transitions to MASTER
 * @param releasedMaster    transitions from MASTER to another state
 * @param packetLengthErrors adverts too short, too long, or whose IP total length disagrees
 * @param ttlErrors         multicast adverts with a TTL / hop limit other than 255
 * @param invalidType       VRRP packets of a type other than advertisement
 * @param intervalErrors    VRRPv2 adverts with another advertisement interval
 * @param addressListErrors adverts whose address list differs from the instance's, or sent to the wrong kind of
 *                          destination (multicast / unicast)
 * @param invalidAuthType   VRRPv2 authentication type not 0, 1 or 2
 * @param authTypeMismatch  VRRPv2 authentication type other than the configured one (or AH present/absent)
 * @param authFailures      wrong password (or AH, which Fulcrum cannot verify)
 * @param priorityZeroReceived adverts received with priority 0 (a master resigning)
 * @param priorityZeroSent  adverts sent with priority 0
 * @param checksumErrors    bad checksums (not in keepalived's stats dump)
 * @param versionErrors     VRRP version other than the configured one (not in keepalived's stats dump)
 */
public record VrrpStats(String name, long advertReceived, long advertSent, long becameMaster, long releasedMaster,
        long packetLengthErrors, long ttlErrors, long invalidType, long intervalErrors, long addressListErrors,
        long invalidAuthType, long authTypeMismatch, long authFailures, long priorityZeroReceived,
        long priorityZeroSent, long checksumErrors, long versionErrors) {

    public VrrpStats {
        Objects.requireNonNull(name, "name");
    }
}
