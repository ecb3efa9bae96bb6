package io.fulcrum.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What commands take from the outside world: environment variables and the output streams. */
public record Env(Map<String, String> variables, PrintWriter out, PrintWriter err) {

    public Env {
        variables = Map.copyOf(variables);
    }

    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    /** FULCRUM_DEBUG set: internal errors show their stack trace. */
    public boolean debug() {
        return variables.containsKey("FULCRUM_DEBUG");
    }

    /** This host's name up to the first dot: keepalived's default config id. */
    public String shortHostName() {
        String name = variable("FULCRUM_HOSTNAME").orElseGet(() -> {
            try {
                return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            } catch (IOException | RuntimeException e) {
                return variable("HOSTNAME").orElse("localhost");
            }
        });
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
