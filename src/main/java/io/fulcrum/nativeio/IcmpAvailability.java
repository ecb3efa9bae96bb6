package io.fulcrum.nativeio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether this process can send ICMP (or ICMPv6) echoes, and how: found by opening (and closing at once) a ping
 * socket, then a raw socket. When neither opens, {@link #reason()} says why, with the ping_group_range that
 * decides over ping sockets.
 *
 * @param mode   the mode {@link IcmpSocket#open(boolean, java.util.Optional, java.util.Optional)} will use; empty
 *               when none works
 * @param reason what was found, e.g. {@code ping socket} or {@code ping socket refused (socket: Permission denied
 *               (errno 13), net.ipv4.ping_group_range is "1 0"); raw socket refused (socket: Operation not
 *               permitted (errno 1), needs CAP_NET_RAW)}
 */
public record IcmpAvailability(Optional<IcmpMode> mode, String reason) {

    private static final Path PING_GROUP_RANGE = Path.of("/proc/sys/net/ipv4/ping_group_range");

    public IcmpAvailability {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(reason, "reason");
    }

    public boolean usable() {
        return mode.isPresent();
    }

    /** Probes the family: IPv6 when {@code v6}, else IPv4. */
    public static IcmpAvailability probe(boolean v6) {
        String pingRefusal;
        try (IcmpSocket _ = IcmpSocket.open(v6, IcmpMode.PING, Optional.empty(), Optional.empty())) {
            return new IcmpAvailability(Optional.of(IcmpMode.PING), "ping socket");
        } catch (NativeException e) {
            pingRefusal = "ping socket refused (" + e.getMessage() + ", net.ipv4.ping_group_range is \""
                    + pingGroupRange() + "\")";
        }
        try (IcmpSocket _ = IcmpSocket.open(v6, IcmpMode.RAW, Optional.empty(), Optional.empty())) {
            return new IcmpAvailability(Optional.of(IcmpMode.RAW), pingRefusal + "; raw socket");
        } catch (NativeException e) {
            return new IcmpAvailability(Optional.empty(),
                    pingRefusal + "; raw socket refused (" + e.getMessage() + ", needs CAP_NET_RAW)");
        }
    }

    private static String pingGroupRange() {
        try {
            return Files.readString(PING_GROUP_RANGE).strip().replace('\t', ' ');
        } catch (java.io.IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
