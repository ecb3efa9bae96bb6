package io.fulcrum.realserver;

import java.io.IOException;
import java.util.Optional;

/** Reads and writes kernel parameters (of the network namespace of the calling thread, for {@code net/...}). */
public interface Sysctls {

    /** The current value, trimmed; empty when the parameter does not exist (e.g. its interface is gone). */
    Optional<String> read(Sysctl key) throws IOException;

    /** Sets the value. */
    void write(Sysctl key, String value) throws IOException;
}
