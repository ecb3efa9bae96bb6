package io.fulcrum.lab;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A network namespace this process created (through {@code ip netns}). Programs started in it run as
 * {@code ip netns exec NAME ...}; closing it kills every process left in it and deletes it, so nothing of a lab
 * outlives it. Needs root (CAP_SYS_ADMIN).
 */
public final class Netns implements AutoCloseable {

    private final String name;
    private boolean closed;

    private Netns(String name) {
        this.name = name;
    }

    /** Creates the namespace {@code name} with its loopback up. */
    public static Netns create(String name) throws LabException {
        Objects.requireNonNull(name, "name");
        Commands.run(List.of("ip", "netns", "add", name));
        Netns ns = new Netns(name);
        try {
            ns.ip("link", "set", "lo", "up");
        } catch (LabException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    public String name() {
        return name;
    }

    /** {@code ip -n NAME ARGS...} */
    public String ip(String... args) throws LabException {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        return Commands.run(cmd);
    }

    /** The command line that runs {@code cmd} inside this namespace. */
    public List<String> command(List<String> cmd) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", name));
        all.addAll(cmd);
        return all;
    }

    /** Runs {@code cmd} inside the namespace to its end; returns its output, or fails with its error output. */
    public String run(String... cmd) throws LabException {
        return Commands.run(command(List.of(cmd)));
    }

    /**
     * Starts {@code cmd} inside the namespace in the background, its standard output and error appended to
     * {@code log}. {@code ip netns exec} replaces itself with the program, so the process is the program.
     */
    public Process start(List<String> cmd, Path log) throws LabException {
        try {
            return new ProcessBuilder(command(cmd)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new LabException("cannot start " + String.join(" ", cmd) + " in " + name + ": " + e.getMessage());
        }
    }

    /** Process ids of everything running in the namespace. */
    public List<Long> pids() throws LabException {
        return Commands.run(List.of("ip", "netns", "pids", name)).lines().map(String::strip)
                .filter(s -> !s.isEmpty()).map(Long::parseLong).toList();
    }

    /** Kills everything left in the namespace (SIGKILL) and deletes it. Safe to call twice. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        delete(name);
    }

    /** Kills the processes of namespace {@code name} and deletes it; a namespace that is gone is no error. */
    static void delete(String name) {
        try {
            for (long pid : Commands.run(List.of("ip", "netns", "pids", name)).lines().map(String::strip)
                    .filter(s -> !s.isEmpty()).map(Long::parseLong).toList()) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            Commands.run(List.of("ip", "netns", "del", name));
        } catch (LabException e) {
            // already gone, or ip missing: nothing left to remove
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
