package io.fulcrum.notify;

import io.fulcrum.config.model.RunAs;
import io.fulcrum.config.model.ScriptSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Turns a {@link ScriptSpec} into the argv to start, or says why it cannot run, following keepalived's checks
 * (notify.c): the user (the script's own, else script_user, else {@code keepalived_script} when it exists, else
 * ourselves), a PATH search for a bare name, and "executable for that uid:gid". A different user is taken on with
 * {@code setpriv --reuid --regid --clear-groups} (keepalived clears the supplementary groups too, as Fulcrum does not
 * support set_supplementary_groups). No shell is involved, except for keepalived's special form whose program starts
 * with {@code <} or {@code >} (a redirection testing a file), which keepalived also hands to {@code /bin/sh -c}.
 */
final class ScriptCommand {

    private static final String DEFAULT_USER = "keepalived_script";

    /** What to start. */
    sealed interface Prepared {
        /** Start {@code argv}; {@code program} is argv[0] of the script as the user wrote it. */
        record Ready(List<String> argv, String program) implements Prepared {
        }

        record Refused(String reason) implements Prepared {
        }
    }

    private final ScriptUsers users;
    private final Optional<RunAs> scriptUser;

    ScriptCommand(ScriptUsers users, Optional<RunAs> scriptUser) {
        this.users = users;
        this.scriptUser = scriptUser;
    }

    Prepared prepare(ScriptSpec spec) {
        String program = spec.program();
        Optional<String> userName = spec.user().or(() -> scriptUser.map(RunAs::user));
        Optional<String> groupName = spec.user().isPresent() ? spec.group()
                : scriptUser.flatMap(RunAs::group);
        ScriptUsers.Identity self = users.self();
        ScriptUsers.Identity who;
        if (userName.isPresent()) {
            Optional<ScriptUsers.Identity> found = users.user(userName.get());
            if (found.isEmpty()) {
                return new Prepared.Refused("Script user '" + userName.get() + "' does not exist");
            }
            who = found.get();
        } else {
            who = users.user(DEFAULT_USER).orElse(self);
        }
        int gid = who.gid();
        if (groupName.isPresent()) {
            OptionalInt g = users.group(groupName.get());
            if (g.isEmpty()) {
                return new Prepared.Refused("Script group '" + groupName.get() + "' does not exist");
            }
            gid = g.getAsInt();
        }
        boolean switchUser = who.uid() != self.uid() || gid != self.gid();
        if (switchUser && self.uid() != 0) {
            return new Prepared.Refused("Unable to set uid:gid " + who.uid() + ":" + gid + " for script " + program
                    + " - Fulcrum runs as uid " + self.uid() + ", not root");
        }
        List<String> argv = new ArrayList<>();
        if (switchUser) {
            argv.addAll(List.of("setpriv", "--reuid=" + who.uid(), "--regid=" + gid, "--clear-groups", "--"));
        }
        if (program.startsWith("<") || program.startsWith(">")) {
            argv.addAll(List.of("/bin/sh", "-c", shellString(spec.argv())));
            return new Prepared.Ready(List.copyOf(argv), program);
        }
        Path resolved;
        try {
            resolved = program.indexOf('/') >= 0 ? Path.of(program) : search(program, who.uid(), gid);
        } catch (Refusal r) {
            return new Prepared.Refused(r.getMessage());
        } catch (InvalidPathException e) {
            return new Prepared.Refused("Script " + program + " cannot be accessed - " + e.getReason());
        }
        Optional<String> problem = executableProblem(resolved, program, who.uid(), gid);
        if (problem.isPresent()) {
            return new Prepared.Refused(problem.get());
        }
        argv.add(resolved.toString());
        argv.addAll(spec.argv().subList(1, spec.argv().size()));
        return new Prepared.Ready(List.copyOf(argv), program);
    }

    /** A refused PATH search, with keepalived's words. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message, null, false, false);
        }
    }

    private static Path search(String name, int uid, int gid) throws Refusal {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/local/bin:/usr/bin:/bin");
        boolean denied = false;
        for (String dir : path.split(":", -1)) {
            Path candidate;
            try {
                candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            } catch (InvalidPathException e) {
                continue;
            }
            if (!Files.exists(candidate)) {
                continue;
            }
            if (executableProblem(candidate, name, uid, gid).isEmpty()) {
                return candidate;
            }
            denied = true;
        }
        throw new Refusal(denied ? "Permissions failure for script " + name + " in path"
                : "Cannot find script " + name + " in path");
    }

    /** keepalived's is_executable for uid:gid, or why not. */
    static Optional<String> executableProblem(Path file, String shown, int uid, int gid) {
        Map<String, Object> attrs;
        try {
            attrs = Files.readAttributes(file, "unix:mode,uid,gid");
        } catch (NoSuchFileException e) {
            return Optional.of("Script " + shown + " cannot be accessed - No such file or directory");
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("Script " + shown + " cannot be accessed - " + e.getMessage());
        }
        int mode = (Integer) attrs.get("mode");
        int fileUid = (Integer) attrs.get("uid");
        int fileGid = (Integer) attrs.get("gid");
        if ((mode & 0170000) != 0100000) {
            return Optional.of("Script " + shown + " is not a regular file");
        }
        boolean executable = uid == 0 && (mode & 0111) != 0
                || uid == fileUid && (mode & 0100) != 0
                || uid != fileUid && (gid == fileGid && (mode & 0010) != 0 || gid != fileGid && (mode & 0001) != 0);
        return executable ? Optional.empty()
                : Optional.of("WARNING - script '" + shown + "' is not executable for uid:gid " + uid + ":" + gid);
    }

    /** keepalived's cmd_str: the first word as written, the others single-quoted ({@code '} as {@code '\''}). */
    static String shellString(List<String> argv) {
        StringBuilder sb = new StringBuilder(argv.getFirst());
        for (String arg : argv.subList(1, argv.size())) {
            sb.append(" '").append(arg.replace("'", "'\\''")).append('\'');
        }
        return sb.toString();
    }
}
