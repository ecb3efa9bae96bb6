package io.fulcrum.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What commands take from the outside world: environment variables, the output streams and standard input. */
public record Env(Map<String, String> variables, PrintWriter out, PrintWriter err, InputStream in) {

    /** The control socket when neither --socket nor FULCRUM_SOCKET names one. */
    public static final String DEFAULT_SOCKET = "/run/fulcrum/fulcrum.sock";

    public Env {
        variables = Map.copyOf(variables);
        java.util.Objects.requireNonNull(out, "out");
        java.util.Objects.requireNonNull(err, "err");
        java.util.Objects.requireNonNull(in, "in");
    }

    /** The control socket: {@code option} when given, else FULCRUM_SOCKET, else the default. */
    public Path socket(Path option) {
        return option != null ? option : Path.of(variable("FULCRUM_SOCKET").orElse(DEFAULT_SOCKET));
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
