package io.fulcrum.nativeio;

import java.time.Duration;

/** How one ICMP/ICMPv6 echo ended. */
public sealed interface EchoResult {

    /** The matching echo reply came back after {@code rtt}. */
    record Reply(Duration rtt) implements EchoResult {
    }

    /** Nothing matching came back within the timeout. */
    record NoReply() implements EchoResult {
    }

    /**
     * An ICMP error came back for the request (host or network unreachable, ...), or the kernel reported one on the
     * socket; {@code reason} names it ({@code Destination Host Unreachable}, {@code No route to host}, ...).
     */
    record Error(String reason) implements EchoResult {
    }
}
