package io.fulcrum.notify;

import java.util.List;

/** Kills a process and every process below it. */
final class ProcessTree {

    private ProcessTree() {
    }

    /**
     * Sends SIGKILL to {@code root} and all its descendants, found before the root dies (afterwards its children
     * belong to init and can no longer be told apart). A process that already left the tree (daemonized with a
     * double fork) escapes, as it escapes keepalived's kill of the process group when it also called setsid.
     */
    static void kill(ProcessHandle root) {
        List<ProcessHandle> below = root.descendants().toList();
        root.destroyForcibly();
        for (ProcessHandle p : below) {
            p.destroyForcibly();
        }
        // a child forked between the walk and the kills: one more pass over what is still alive
        for (ProcessHandle p : below) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }
}
