package io.fulcrum.config.model;

import io.fulcrum.common.IpAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code bfd_instance} block: an RFC 5880 session whose state {@code track_bfd} and {@code BFD_CHECK} use.
 *
 * @param name      the block's name
 * @param neighbor  {@code neighbor_ip} / {@code neighbour_ip}
 * @param source    {@code source_ip}
 * @param minRx     {@code min_rx} ms, microsecond resolution [10 ms]
 * @param minTx     {@code min_tx} [10 ms]
 * @param idleTx    {@code idle_tx} [1000 ms]
 * @param multiplier {@code multiplier} 1..255 [5]
 * @param passive   {@code passive}
 * @param ttl       {@code ttl} (IPv4) / {@code hoplimit} (IPv6) 1..255 [255 / 64]
 * @param maxHops   {@code max_hops} -1..255 [0]; at most ttl
 * @param multihop  {@code multihop}
 * @param weight    {@code weight} -253..253 [0]
 * @param reverse   {@code weight N reverse}
 * @param events    {@code vrrp} / {@code checker}
 */
public record BfdInstance(String name, IpAddress neighbor, Optional<IpAddress> source, Duration minRx,
        Duration minTx, Duration idleTx, int multiplier, boolean passive, int ttl, int maxHops, boolean multihop,
        int weight, boolean reverse, BfdEvents events) {

    public BfdInstance {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(neighbor, "neighbor");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(minRx, "minRx");
        Objects.requireNonNull(minTx, "minTx");
        Objects.requireNonNull(idleTx, "idleTx");
        Objects.requireNonNull(events, "events");
        if (source.isPresent() && source.get().isV4() != neighbor.isV4()) {
            throw new IllegalArgumentException("bfd source and neighbor families differ");
        }
        if (multiplier < 1 || multiplier > 255 || ttl < 1 || ttl > 255 || maxHops < -1 || maxHops > ttl) {
            throw new IllegalArgumentException("bfd multiplier/ttl/max_hops out of range");
        }
        if (weight < -253 || weight > 253) {
            throw new IllegalArgumentException("bfd weight must be in [-253, 253]");
        }
    }
}
