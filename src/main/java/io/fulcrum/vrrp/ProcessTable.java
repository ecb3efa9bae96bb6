package io.fulcrum.vrrp;

import java.io.IOException;
import java.util.List;

/** The port through which process tracking lists the running processes ({@code /proc} in the daemon). */
public interface ProcessTable {

    /**
     * The processes running now.
     *
     * @param commandLines whether to read each command line too (only {@code full_command} trackers need it:
     *                     reading it touches the process's memory, which keepalived avoids when it can)
     */
    List<RunningProcess> processes(boolean commandLines) throws IOException;
}
