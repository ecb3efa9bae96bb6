package io.fulcrum.realserver;

import java.util.Objects;

/**
 * One kernel parameter a real server's set-up changes: its value before (read before anything was changed, so
 * {@code stop} can put it back) and the value the set-up wants.
 *
 * @param path     the parameter's path under /proc/sys ({@link Sysctl#path()})
 * @param previous the value it had before the first {@code start}
 * @param applied  the value {@code start} sets
 */
public record SysctlChange(String path, String previous, String applied) {

    public SysctlChange {
        new Sysctl(path);
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(applied, "applied");
    }

    public Sysctl sysctl() {
        return new Sysctl(path);
    }
}
