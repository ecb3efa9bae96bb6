package io.fulcrum.realserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * Kernel parameters as files under {@code /proc/sys} (what {@code echo 1 > /proc/sys/...} does). The files of
 * {@code /proc/sys/net} belong to the network namespace of the thread that opens them, so a thread moved into a
 * namespace sees that namespace's values.
 */
public final class ProcSysctls implements Sysctls {

    /** Where the kernel shows its parameters. */
    public static final Path PROC_SYS = Path.of("/proc/sys");

    private final Path root;

    /** Parameters under {@code root} (/proc/sys; tests use a directory of their own). */
    public ProcSysctls(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    public ProcSysctls() {
        this(PROC_SYS);
    }

    private Path file(Sysctl key) {
        return root.resolve(key.path());
    }

    @Override
    public Optional<String> read(Sysctl key) throws IOException {
        try {
            return Optional.of(Files.readString(file(key), StandardCharsets.US_ASCII).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void write(Sysctl key, String value) throws IOException {
        // no CREATE: a parameter that does not exist is an error, not a new file
        Files.writeString(file(key), value + "\n", StandardCharsets.US_ASCII, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }
}
