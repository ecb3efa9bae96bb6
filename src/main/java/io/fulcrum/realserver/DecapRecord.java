package io.fulcrum.realserver;

import java.util.Objects;

/**
 * The IPIP decapsulator a {@code start --decap} runs in the foreground: its TUN interface and its process, so that
 * {@code stop} can end it (the process id with its start time, so a recycled id is never signalled).
 *
 * @param device       the TUN interface (removed by the process when it ends)
 * @param pid          the process id
 * @param processStart the process's start time as {@link ProcessHandle.Info#startInstant()} gives it, or empty text
 *                     when the system does not tell
 */
public record DecapRecord(String device, long pid, String processStart) {

    public DecapRecord {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(processStart, "processStart");
        if (pid <= 0) {
            throw new IllegalArgumentException("process id " + pid + " is not positive");
        }
    }
}
