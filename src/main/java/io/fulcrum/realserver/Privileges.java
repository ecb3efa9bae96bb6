package io.fulcrum.realserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether this process may do what a real server's set-up does, from the effective capabilities in
 * {@code /proc/self/status}: CAP_NET_ADMIN for the address and the net sysctls, CAP_NET_RAW too for the
 * decapsulator's raw socket (root has both).
 */
public final class Privileges {

    public static final int CAP_NET_ADMIN = 12;
    public static final int CAP_NET_RAW = 13;

    private Privileges() {
    }

    /** What is missing for this process, as a sentence; empty when nothing is (or the kernel does not say). */
    public static Optional<String> missing(boolean decap) {
        try {
            return missing(Files.readString(Path.of("/proc/self/status")), decap);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** What is missing according to {@code status} (the text of /proc/PID/status); empty when nothing is. */
    static Optional<String> missing(String status, boolean decap) {
        OptionalLong effective = effective(status);
        if (effective.isEmpty()) {
            return Optional.empty();
        }
        List<String> lacking = new ArrayList<>();
        if ((effective.getAsLong() & (1L << CAP_NET_ADMIN)) == 0) {
            lacking.add("CAP_NET_ADMIN (to add the VIP and set the net.ipv4.conf sysctls)");
        }
        if (decap && (effective.getAsLong() & (1L << CAP_NET_RAW)) == 0) {
            lacking.add("CAP_NET_RAW (for the raw IPIP socket of --decap)");
        }
        if (lacking.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("needs root, or " + String.join(" and ", lacking) + "; run it with sudo, or give the "
                + "capabilities (e.g. setpriv --ambient-caps +net_admin" + (decap ? ",+net_raw" : "") + ")");
    }

    /** The CapEff mask of a /proc/PID/status text. */
    static OptionalLong effective(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("CapEff:")) {
                try {
                    return OptionalLong.of(Long.parseUnsignedLong(line.substring(7).strip(), 16));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
