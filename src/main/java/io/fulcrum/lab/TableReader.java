package io.fulcrum.lab;

import java.nio.file.Path;

/** Reads a director's virtual server table as {@code ipvsadm -Ln} prints it, through its control socket. */
@FunctionalInterface
public interface TableReader {

    /** {@code fulcrum ipvsadm -Ln --socket SOCKET}'s output. */
    String list(Path socket) throws LabException;
}
