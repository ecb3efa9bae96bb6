package io.fulcrum.config.model;

import io.fulcrum.common.IpAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code lvs_sync_daemon IF [[inst] VRRP_INSTANCE] [id N] [maxlen N] [port N] [ttl N] [group ADDR]}: the IPVS
 * connection synchronisation daemon.
 *
 * @param interfaceName the interface sync messages are sent on
 * @param instance      the vrrp_instance whose state decides master/backup sync; empty = run both
 * @param syncId        0..255 [the instance's VRID, or 0]
 * @param maxLen        1..65507 maximum message length [kernel default]
 * @param port          UDP port [8848]
 * @param ttl           1..255 multicast TTL [kernel default]
 * @param group         multicast group [224.0.0.81]
 */
public record LvsSyncDaemon(String interfaceName, Optional<String> instance, OptionalInt syncId,
        OptionalInt maxLen, int port, OptionalInt ttl, IpAddress group) {

    public LvsSyncDaemon {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(syncId, "syncId");
        Objects.requireNonNull(maxLen, "maxLen");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(group, "group");
        if (interfaceName.isEmpty() || interfaceName.length() >= 16) {
            throw new IllegalArgumentException("lvs_sync_daemon interface name must be 1..15 characters");
        }
        if (syncId.isPresent() && (syncId.getAsInt() < 0 || syncId.getAsInt() > 255)) {
            throw new IllegalArgumentException("lvs_sync_daemon id must be in [0, 255]");
        }
        if (maxLen.isPresent() && (maxLen.getAsInt() < 1 || maxLen.getAsInt() > 65507)) {
            throw new IllegalArgumentException("lvs_sync_daemon maxlen must be in [1, 65507]");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("lvs_sync_daemon port must be in [1, 65535]");
        }
        if (ttl.isPresent() && (ttl.getAsInt() < 1 || ttl.getAsInt() > 255)) {
            throw new IllegalArgumentException("lvs_sync_daemon ttl must be in [1, 255]");
        }
        if (!group.isMulticast()) {
            throw new IllegalArgumentException("lvs_sync_daemon group must be a multicast address");
        }
    }
}
