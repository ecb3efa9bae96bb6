package io.fulcrum.check;

import io.fulcrum.common.IpAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * The port through which PING_CHECK sends one ICMP/ICMPv6 echo request and waits for its reply (implemented in
 * {@code nativeio} over unprivileged ping sockets, or raw sockets with CAP_NET_RAW).
 */
public interface IcmpEcho {

    /** How one echo ended. */
    sealed interface Outcome {
        record Reply() implements Outcome {
        }

        record NoReply() implements Outcome {
        }

        /** An ICMP error came back (host/net unreachable, ...), named as keepalived names it. */
        record Error(String reason) implements Outcome {
        }

        /** The socket could not be opened or used (no permission, unsupported family): the checker fails. */
        record Unavailable(String reason) implements Outcome {
        }
    }

    /** Sends one echo request to {@code to} (from {@code bindTo}/{@code bindIf} when set) and waits up to {@code timeout}. */
    Outcome echo(IpAddress to, Optional<IpAddress> bindTo, Optional<String> bindIf, Duration timeout)
            throws InterruptedException;
}
