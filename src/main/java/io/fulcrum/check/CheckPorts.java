package io.fulcrum.check;

import java.util.Objects;

/** What checkers need from outside the package, wired by the daemon (recording fakes in tests). */
public record CheckPorts(ProgramRunner programs, IcmpEcho icmp) {

    public CheckPorts {
        Objects.requireNonNull(programs, "programs");
        Objects.requireNonNull(icmp, "icmp");
    }
}
