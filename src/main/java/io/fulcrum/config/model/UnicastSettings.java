package io.fulcrum.config.model;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The unicast settings of an instance; with no peers the instance uses multicast.
 *
 * @param peers        {@code unicast_peer}
 * @param ttl          {@code unicast_ttl} 0..255 [255 for IPv4, the kernel's default for IPv6]
 * @param faultNoPeer  {@code unicast_fault_no_peer}: FAULT instead of multicast when there are no peers
 * @param checkSource  {@code check_unicast_src} (or the global default, or implied by a peer's min/max_ttl)
 * @param oldChecksum  {@code old_unicast_checksum}
 */
public record UnicastSettings(List<UnicastPeer> peers, OptionalInt ttl, boolean faultNoPeer, boolean checkSource,
        OldUnicastChecksum oldChecksum) {

    public UnicastSettings {
        peers = List.copyOf(peers);
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(oldChecksum, "oldChecksum");
        if (ttl.isPresent() && (ttl.getAsInt() < 0 || ttl.getAsInt() > 255)) {
            throw new IllegalArgumentException("unicast_ttl must be in [0, 255]");
        }
    }

    public boolean isUnicast() {
        return !peers.isEmpty();
    }
}
