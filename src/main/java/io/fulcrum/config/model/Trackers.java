package io.fulcrum.config.model;

import java.util.List;

/**
 * What an instance or sync group tracks ({@code track_interface}, {@code track_script}, {@code track_file},
 * {@code track_process}, {@code track_bfd}), each list in configuration order.
 */
public record Trackers(List<Tracked> interfaces, List<Tracked> scripts, List<Tracked> files,
        List<Tracked> processes, List<Tracked> bfds) {

    public Trackers {
        interfaces = List.copyOf(interfaces);
        scripts = List.copyOf(scripts);
        files = List.copyOf(files);
        processes = List.copyOf(processes);
        bfds = List.copyOf(bfds);
    }

    public static Trackers none() {
        return new Trackers(List.of(), List.of(), List.of(), List.of(), List.of());
    }

    public boolean isEmpty() {
        return interfaces.isEmpty() && scripts.isEmpty() && files.isEmpty() && processes.isEmpty() && bfds.isEmpty();
    }
}
