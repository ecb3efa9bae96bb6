package io.fulcrum.lab;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A process the lab started in one of its namespaces.
 *
 * @param host    the host (namespace suffix) it runs in
 * @param role    what it is: fulcrum, keepalived, checker, nginx, sorry, decap
 * @param pid     its process id
 * @param command the command line, as started (inside the namespace): what a restart runs again
 * @param log     where its output goes
 * @param socket  its control socket, for Fulcrum processes
 * @param probe   for web servers: a URL that answers once it serves (fetched inside its namespace)
 */
public record LabProcess(String host, String role, long pid, List<String> command, Path log, Optional<Path> socket,
        Optional<String> probe) {

    /** Roles. */
    public static final String FULCRUM = "fulcrum";
    public static final String KEEPALIVED = "keepalived";
    public static final String CHECKER = "checker";
    public static final String NGINX = "nginx";
    public static final String SORRY = "sorry";
    /** A TUN real server's {@code fulcrum realserver start --decap}. */
    public static final String DECAP = "decap";

    public LabProcess {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(role, "role");
        command = List.copyOf(command);
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(probe, "probe");
    }

    /** Whether it is one of a director's VRRP or table processes (not a web server). */
    public boolean isDirectorProcess() {
        return role.equals(FULCRUM) || role.equals(KEEPALIVED) || role.equals(CHECKER);
    }

    public LabProcess withPid(long newPid) {
        return new LabProcess(host, role, newPid, command, log, socket, probe);
    }
}
