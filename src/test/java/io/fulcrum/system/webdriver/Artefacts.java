package io.fulcrum.system.webdriver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where browser tests keep what a person looks at after a run: {@code target/screenshots/TESTCLASS/} of the
 * project (screenshots, console logs, page sources, the driver's and the daemons' logs).
 */
public final class Artefacts {

    private Artefacts() {
    }

    /** {@code <project>/target/screenshots/<simple name of test>}. */
    public static Path dir(Class<?> test) {
        return Path.of(System.getProperty("fulcrum.home", ".")).toAbsolutePath().normalize()
                .resolve("target").resolve("screenshots").resolve(test.getSimpleName());
    }

    /** {@link #dir}, emptied of what an earlier run left there. */
    public static Path fresh(Class<?> test) throws IOException {
        Path dir = dir(test);
        deleteTree(dir);
        return Files.createDirectories(dir);
    }

    /** Deletes {@code dir} and everything in it; a missing directory is no error. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
