package io.fulcrum.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a lab is, saved as JSON in its state directory so that {@code lab status}, {@code test} and {@code down}
 * find it from another invocation: the plan, the namespaces, the MAC addresses and every process started.
 *
 * @param version    the format's version
 * @param plan       the topology
 * @param stateDir   where logs, generated files, sockets and this state live
 * @param dataplane  what {@code fulcrum run} was given as --dataplane (auto, proxy ...)
 * @param createdAt  when {@code lab up} built it (wall time, for display)
 * @param macs       "HOST/IFNAME" to MAC address
 * @param processes  every process started, by host and role
 * @param clientCursor where in the plan's client pool the next lent client addresses start (each run of the
 *                   checks takes new ones, so persistence templates of an earlier run do not decide a later one)
 */
public record LabState(int version, LabPlan plan, Path stateDir, String dataplane, String createdAt,
        Map<String, String> macs, List<LabProcess> processes, int clientCursor) {

    public static final int VERSION = 1;

    public LabState {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(dataplane, "dataplane");
        Objects.requireNonNull(createdAt, "createdAt");
        macs = Map.copyOf(macs);
        processes = List.copyOf(processes);
    }

    public Optional<String> mac(String host, String ifname) {
        return Optional.ofNullable(macs.get(host + "/" + ifname));
    }

    /** The processes of a host. */
    public List<LabProcess> processes(String host) {
        return processes.stream().filter(p -> p.host().equals(host)).toList();
    }

    public Optional<LabProcess> process(String host, String role) {
        return processes.stream().filter(p -> p.host().equals(host) && p.role().equals(role)).findFirst();
    }

    /** This state with {@code p} in place of the process of the same host and role (or added). */
    public LabState with(LabProcess p) {
        List<LabProcess> all = new ArrayList<>();
        boolean replaced = false;
        for (LabProcess q : processes) {
            if (q.host().equals(p.host()) && q.role().equals(p.role())) {
                all.add(p);
                replaced = true;
            } else {
                all.add(q);
            }
        }
        if (!replaced) {
            all.add(p);
        }
        return new LabState(version, plan, stateDir, dataplane, createdAt, macs, all, clientCursor);
    }

    public LabState withClientCursor(int cursor) {
        return new LabState(version, plan, stateDir, dataplane, createdAt, macs, processes, cursor);
    }

    /** The control socket of a director's Fulcrum (its {@code fulcrum run}, or the checker beside keepalived). */
    public Optional<Path> socket(String director) {
        return processes(director).stream().map(LabProcess::socket).flatMap(Optional::stream).findFirst();
    }
}
