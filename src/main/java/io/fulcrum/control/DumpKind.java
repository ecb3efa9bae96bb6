package io.fulcrum.control;

/**
 * keepalived's three dumps: the data dump (SIGUSR1, keepalived.data), the stats dump (SIGUSR2, keepalived.stats)
 * and the JSON dump (SIGRTMIN+2, keepalived.json).
 */
public enum DumpKind {
    DATA("keepalived.data"),
    STATS("keepalived.stats"),
    JSON("keepalived.json");

    private final String defaultFileName;

    DumpKind(String defaultFileName) {
        this.defaultFileName = defaultFileName;
    }

    /** The file's name in the temporary directory when the configuration names none. */
    public String defaultFileName() {
        return defaultFileName;
    }
}
