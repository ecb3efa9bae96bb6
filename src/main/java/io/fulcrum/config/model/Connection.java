package io.fulcrum.config.model;

import io.fulcrum.common.IpAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Where and how a checker connects (keepalived's {@code conn_opts_t}).
 *
 * @param connectIp      [the real server's address]
 * @param connectPort    [the real server's port; empty when it has none]
 * @param bindTo         source address (same family as connectIp)
 * @param bindPort       source port
 * @param bindIf         interface, needed for an IPv6 link-local address
 * @param fwmark         SO_MARK put on the checker's packets
 * @param connectTimeout [the real server's connect_timeout, 5 s]
 */
public record Connection(IpAddress connectIp, OptionalInt connectPort, Optional<IpAddress> bindTo,
        OptionalInt bindPort, Optional<String> bindIf, OptionalLong fwmark, Duration connectTimeout) {

    /** Longest interface name (IFNAMSIZ - 1). */
    public static final int MAX_IFNAME = 15;

    public Connection {
        Objects.requireNonNull(connectIp, "connectIp");
        Objects.requireNonNull(connectPort, "connectPort");
        Objects.requireNonNull(bindTo, "bindTo");
        Objects.requireNonNull(bindPort, "bindPort");
        Objects.requireNonNull(bindIf, "bindIf");
        Objects.requireNonNull(fwmark, "fwmark");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectPort.isPresent() && (connectPort.getAsInt() < 1 || connectPort.getAsInt() > 65535)
                || bindPort.isPresent() && (bindPort.getAsInt() < 1 || bindPort.getAsInt() > 65535)) {
            throw new IllegalArgumentException("checker ports must be in 1..65535");
        }
        if (bindTo.isPresent() && bindTo.get().isV4() != connectIp.isV4()) {
            throw new IllegalArgumentException("bindto address " + bindTo.get()
                    + " does not match address family of connect_ip");
        }
        if (bindIf.isPresent() && (bindIf.get().isEmpty() || bindIf.get().length() > MAX_IFNAME)) {
            throw new IllegalArgumentException("Interface name " + bindIf.get() + " is too long");
        }
        if (connectIp.isV6() && connectIp.isLinkLocal() && bindIf.isEmpty()) {
            throw new IllegalArgumentException("Checker link local address " + connectIp + " requires a bind_if");
        }
        if (fwmark.isPresent() && (fwmark.getAsLong() < 0 || fwmark.getAsLong() > 0xffff_ffffL)) {
            throw new IllegalArgumentException("fwmark out of range 0..4294967295");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect_timeout must be positive");
        }
    }
}
