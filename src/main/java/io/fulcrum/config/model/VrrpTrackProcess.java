package io.fulcrum.config.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A {@code vrrp_track_process} block: the number of running processes matching a command decides up or down.
 *
 * @param name           the block's name, used by {@code track_process}
 * @param command        {@code process}: the program and optional parameters
 * @param paramMatch     how parameters are compared
 * @param weight         {@code weight} -254..254 [1]
 * @param reverse        {@code weight N reverse}
 * @param quorum         {@code quorum}: processes needed for up [1]
 * @param quorumMax      {@code quorum_max}: more than this is down [no maximum]
 * @param forkDelay      {@code fork_delay} / {@code delay}: wait before counting a new process [0]
 * @param terminateDelay {@code terminate_delay} / {@code delay}: wait before counting a process gone [0]
 * @param fullCommand    {@code full_command}: match the whole command line, not the process name
 */
public record VrrpTrackProcess(String name, List<String> command, ParamMatch paramMatch, int weight,
        boolean reverse, int quorum, OptionalInt quorumMax, Duration forkDelay, Duration terminateDelay,
        boolean fullCommand) {

    public VrrpTrackProcess {
        Objects.requireNonNull(name, "name");
        command = List.copyOf(command);
        Objects.requireNonNull(paramMatch, "paramMatch");
        Objects.requireNonNull(quorumMax, "quorumMax");
        Objects.requireNonNull(forkDelay, "forkDelay");
        Objects.requireNonNull(terminateDelay, "terminateDelay");
        if (name.isEmpty() || command.isEmpty() || command.getFirst().isEmpty()) {
            throw new IllegalArgumentException("a vrrp_track_process needs a name and a process");
        }
        if (weight < -254 || weight > 254) {
            throw new IllegalArgumentException("track process weight must be in [-254, 254]");
        }
        if (quorum < 0 || quorum > 65535 || (quorumMax.isPresent() && quorumMax.getAsInt() < quorum)) {
            throw new IllegalArgumentException("quorum must be in [0, quorum_max]");
        }
    }
}
