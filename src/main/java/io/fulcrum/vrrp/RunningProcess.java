package io.fulcrum.vrrp;

import java.util.List;
import java.util.Objects;

/**
 * One process as a {@link ProcessTable} sees it: what keepalived's process tracking reads from {@code /proc}.
 *
 * @param pid     the process id
 * @param ppid    its parent's process id
 * @param comm    the process name (at most 15 characters, from {@code /proc/PID/stat})
 * @param argv    the command line, one element per argument (empty when not read, or for a kernel thread or a
 *                zombie)
 * @param zombie  the process has exited and waits for its parent (state Z); keepalived never counts it
 */
public record RunningProcess(long pid, long ppid, String comm, List<String> argv, boolean zombie) {

    public RunningProcess {
        Objects.requireNonNull(comm, "comm");
        argv = List.copyOf(argv);
    }
}
