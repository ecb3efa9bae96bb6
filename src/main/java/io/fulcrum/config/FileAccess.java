package io.fulcrum.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The preprocessor's only way to the file system, so tests and the fuzzer can run without one.
 */
public interface FileAccess {

    /** Largest configuration file read, in bytes; larger ones are refused with a diagnostic. */
    long MAX_FILE_BYTES = 256L * 1024 * 1024;

    /** Reads a whole regular file. Throws for a directory, a missing file, or one above {@link #MAX_FILE_BYTES}. */
    byte[] read(Path path) throws IOException;

    /** Names of the entries of a directory (not recursive), or an empty list when it is not a readable directory. */
    List<String> list(Path dir);

    boolean isDirectory(Path path);

    boolean isReadableFile(Path path);

    /** The real file system. */
    static FileAccess real() {
        return new FileAccess() {
            @Override
            public byte[] read(Path path) throws IOException {
                if (Files.isDirectory(path)) {
                    throw new IOException("is a directory");
                }
                if (!Files.exists(path)) {
                    throw new NoSuchFileException(path.toString(), null, "no such file");
                }
                if (Files.isRegularFile(path) && Files.size(path) > MAX_FILE_BYTES) {
                    throw new IOException("larger than " + MAX_FILE_BYTES + " bytes");
                }
                try (var in = Files.newInputStream(path)) {
                    byte[] data = in.readNBytes((int) MAX_FILE_BYTES + 1);
                    if (data.length > MAX_FILE_BYTES) {
                        throw new IOException("larger than " + MAX_FILE_BYTES + " bytes");
                    }
                    return data;
                }
            }

            @Override
            public List<String> list(Path dir) {
                try (Stream<Path> s = Files.list(dir)) {
                    return s.map(p -> p.getFileName().toString()).sorted().toList();
                } catch (IOException | RuntimeException e) {
                    return List.of();
                }
            }

            @Override
            public boolean isDirectory(Path path) {
                return Files.isDirectory(path);
            }

            @Override
            public boolean isReadableFile(Path path) {
                return Files.isRegularFile(path) && Files.isReadable(path);
            }
        };
    }

    /** No file system at all: every include finds nothing. Used by the fuzzer. */
    static FileAccess none() {
        return new FileAccess() {
            @Override
            public byte[] read(Path path) throws IOException {
                throw new NoSuchFileException(path.toString(), null, "file access disabled");
            }

            @Override
            public List<String> list(Path dir) {
                return List.of();
            }

            @Override
            public boolean isDirectory(Path path) {
                return false;
            }

            @Override
            public boolean isReadableFile(Path path) {
                return false;
            }
        };
    }
}
