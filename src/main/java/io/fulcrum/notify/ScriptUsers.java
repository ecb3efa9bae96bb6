package io.fulcrum.notify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Who this process is, and the uid/gid of user and group names, looked up with {@code getent} (so NSS sources count,
 * as for keepalived's getpwnam) and remembered for the life of the instance (keepalived resolves them once, when it
 * reads its configuration).
 */
final class ScriptUsers {

    /** A user: its name (as given), uid and primary gid. */
    record Identity(String name, int uid, int gid) {
    }

    private final Map<String, Optional<Identity>> users = new ConcurrentHashMap<>();
    private final Map<String, OptionalInt> groups = new ConcurrentHashMap<>();
    private final Identity self;

    ScriptUsers() {
        this(readSelf());
    }

    /** For tests: a process that believes it runs as {@code self}. */
    ScriptUsers(Identity self) {
        this.self = self;
    }

    /** The effective uid and gid of this process (the owner of /proc/self). */
    Identity self() {
        return self;
    }

    Optional<Identity> user(String nameOrId) {
        return users.computeIfAbsent(nameOrId, n -> getent("passwd", n).flatMap(line -> {
            String[] f = line.split(":", -1);
            if (f.length < 4) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Identity(n, Integer.parseInt(f[2]), Integer.parseInt(f[3])));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }));
    }

    OptionalInt group(String nameOrId) {
        return groups.computeIfAbsent(nameOrId, n -> getent("group", n).map(line -> {
            String[] f = line.split(":", -1);
            try {
                return f.length < 3 ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(f[2]));
            } catch (NumberFormatException e) {
                return OptionalInt.empty();
            }
        }).orElse(OptionalInt.empty()));
    }

    private static Optional<String> getent(String database, String key) {
        if (key.isEmpty() || key.indexOf(':') >= 0 || key.startsWith("-")) {
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder("getent", database, key).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(4096);
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            if (p.exitValue() != 0) {
                return Optional.empty();
            }
            String line = new String(out, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            return line.isEmpty() ? Optional.empty() : Optional.of(line);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Identity readSelf() {
        try {
            Path proc = Path.of("/proc/self");
            int uid = (Integer) Files.getAttribute(proc, "unix:uid");
            int gid = (Integer) Files.getAttribute(proc, "unix:gid");
            return new Identity(String.valueOf(uid), uid, gid);
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot tell which user this process runs as: " + e.getMessage(), e);
        }
    }
}
