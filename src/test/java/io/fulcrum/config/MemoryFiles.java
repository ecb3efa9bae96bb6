package io.fulcrum.config;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An in-memory file system for tests and the fuzzer: only the files put in it exist. */
final class MemoryFiles implements FileAccess {

    private final Map<Path, byte[]> files = new HashMap<>();

    MemoryFiles put(String path, byte[] content) {
        files.put(Path.of(path), content);
        return this;
    }

    @Override
    public byte[] read(Path path) throws IOException {
        byte[] b = files.get(path.normalize());
        if (b == null) {
            throw new NoSuchFileException(path.toString(), null, "no such file");
        }
        return b.clone();
    }

    @Override
    public List<String> list(Path dir) {
        return files.keySet().stream().filter(p -> dir.equals(p.getParent()))
                .map(p -> p.getFileName().toString()).sorted().toList();
    }

    @Override
    public boolean isDirectory(Path path) {
        return files.keySet().stream().anyMatch(p -> path.equals(p.getParent()));
    }

    @Override
    public boolean isReadableFile(Path path) {
        return files.containsKey(path.normalize());
    }
}
