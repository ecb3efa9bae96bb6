package io.fulcrum.nativeio;

import java.lang.foreign.Arena;
import java.util.Objects;

/**
 * Whether this process can open VRRP sockets (raw IP protocol 112) of a family: found by opening, and closing at
 * once, such a socket. When it cannot, {@link #reason()} says why and what would help.
 *
 * @param usable whether {@link VrrpSocket} can open sockets of the family
 * @param reason what was found, e.g. {@code raw IPv4 socket, protocol 112} or {@code raw IPv4 socket refused
 *               (socket: Operation not permitted (errno 1)): needs root or CAP_NET_RAW}
 */
public record VrrpAvailability(boolean usable, String reason) {

    public VrrpAvailability {
        Objects.requireNonNull(reason, "reason");
    }

    /** Probes the family: IPv6 when {@code v6}, else IPv4. */
    public static VrrpAvailability probe(boolean v6) {
        String what = "raw IPv" + (v6 ? 6 : 4) + " socket";
        try (Arena arena = Arena.ofConfined()) {
            int fd = Libc.socket(arena, v6 ? Libc.AF_INET6 : Libc.AF_INET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC,
                    Libc.IPPROTO_VRRP);
            try {
                Libc.close(arena, fd);
            } catch (NativeException e) {
                // released anyway
            }
            return new VrrpAvailability(true, what + ", protocol 112");
        } catch (NativeException e) {
            return new VrrpAvailability(false, what + " refused (" + e.getMessage() + ")" + hint(e.errno(), v6));
        }
    }

    static String hint(int errno, boolean v6) {
        if (errno == Libc.EPERM || errno == Libc.EACCES) {
            return ": needs root or CAP_NET_RAW";
        }
        if (errno == Libc.EAFNOSUPPORT || errno == Libc.EPROTONOSUPPORT) {
            return v6 ? ": IPv6 is disabled in this kernel or namespace" : ": the kernel lacks raw IPv4 sockets";
        }
        return "";
    }
}
