package io.fulcrum.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Takes a lab down: stops the processes its state names, then deletes every namespace of the lab's name (which
 * kills whatever still runs in them), whether or not a state survived: a crashed lab goes too. Idempotent.
 */
public final class LabTeardown {

    private LabTeardown() {
    }

    /** The namespaces of lab {@code name} that exist now: {@code fl-NAME-(client|master|backup|br|rsN|sorryN)}. */
    public static List<String> namespaces(String name) throws LabException {
        Pattern own = Pattern.compile(Pattern.quote(LabPlanner.prefix(name) + "-")
                + "(client|master|backup|br|rs[0-9]+|sorry[0-9]+)");
        return LabShell.namespaces().stream().filter(n -> own.matcher(n).matches()).toList();
    }

    /**
     * Stops the processes of {@code state} and deletes the namespaces of lab {@code name} (the bridge's last);
     * returns the namespaces deleted.
     */
    public static List<String> removeNamespaces(String name, Optional<LabState> state) throws LabException {
        List<String> names = new ArrayList<>(namespaces(name));
        String bridge = LabPlanner.prefix(name) + "-br";
        names.sort(Comparator.comparing(n -> n.equals(bridge)));
        // every process of the lab: those its state names (when still in one of its namespaces) and whatever else
        // runs in its namespaces; all killed at once, then the namespaces deleted
        List<ProcessHandle> victims = new ArrayList<>();
        state.ifPresent(s -> s.processes().stream()
                .filter(p -> LabShell.alive(p.pid(), s.plan().prefix() + "-" + p.host()))
                .forEach(p -> ProcessHandle.of(p.pid()).ifPresent(victims::add)));
        for (String ns : names) {
            try {
                for (String pid : Commands.run(List.of("ip", "netns", "pids", ns)).lines().map(String::strip)
                        .filter(x -> !x.isEmpty()).toList()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(victims::add);
                }
            } catch (LabException | NumberFormatException e) {
                // gone meanwhile
            }
        }
        victims.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (victims.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (String ns : names) {
            Netns.delete(ns);
        }
        return names;
    }

    /** What the lab writes in its state directory: nothing else there is ever removed. */
    private static final Pattern OWN_FILES = Pattern.compile("state\\.json(\\.tmp)?"
            + "|(master|backup)(\\.log|\\.sock(\\.lock)?"
            + "|-keepalived\\.log|-vrrp-only\\.conf|-keepalived|-sorry-[0-9]+)|(rs|sorry)[0-9]+");

    /**
     * Removes what the lab wrote in its state directory (state, generated configurations and sites, logs,
     * sockets), then the directory when that leaves it empty. Returns whether the directory is gone.
     */
    public static boolean removeStateDir(Path dir) throws LabException {
        if (!Files.isDirectory(dir)) {
            return true;
        }
        try {
            List<Path> own;
            try (Stream<Path> top = Files.list(dir)) {
                own = top.filter(p -> OWN_FILES.matcher(p.getFileName().toString()).matches()).toList();
            }
            for (Path p : own) {
                try (Stream<Path> all = Files.walk(p)) {
                    for (Path q : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(q);
                    }
                }
            }
            try (Stream<Path> left = Files.list(dir)) {
                if (left.findAny().isPresent()) {
                    return false;
                }
            }
            Files.delete(dir);
            return true;
        } catch (IOException e) {
            throw new LabException("cannot clean " + dir + ": " + e.getMessage());
        }
    }
}
