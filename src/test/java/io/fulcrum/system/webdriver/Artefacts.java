package io.fulcrum.system.webdriver;

import java.nio.file.Path;

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
}
