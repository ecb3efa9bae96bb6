package io.fulcrum.system;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fulcrum.lab.LabException;
import io.fulcrum.lab.LabNetwork;
import io.fulcrum.lab.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A lab for one system test class: a bridge and host namespaces named {@code fsys<pid>-...}, a working directory
 * readable by the peers (nginx workers run as nobody) whose logs are kept under {@code target/system-logs} when it
 * closes and which is then removed, and every process started through it killed at the end.
 * Without root the tests are skipped (an assumption, which JUnit reports as skipped).
 */
final class SystemLab implements AutoCloseable {

    static final String BASE = "fsys";

    private final LabNetwork network;
    private final Path dir;
    private final List<Process> processes = new ArrayList<>();

    private SystemLab(LabNetwork network, Path dir) {
        this.network = network;
        this.dir = dir;
    }

    /** Skips the calling test unless it runs as root with {@code ip}; removes stale labs of crashed runs. */
    static SystemLab create() throws LabException, IOException {
        assumeTrue(isRoot(), "network-namespace system tests need root");
        LabNetwork.removeStale(BASE);
        Path dir = Files.createTempDirectory("fulcrum-system", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        return new SystemLab(LabNetwork.create(BASE + ProcessHandle.current().pid()), dir);
    }

    static boolean isRoot() {
        try {
            Process p = new ProcessBuilder("id", "-u").start();
            return new String(p.getInputStream().readAllBytes()).strip().equals("0") && p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    Netns host(String name, String cidr) throws LabException {
        return network.host(name, cidr);
    }

    Path dir() {
        return dir;
    }

    /** Starts {@code cmd} in {@code ns}, output to {@code DIR/NAME.log}; stopped at the latest by {@link #close}. */
    Process start(Netns ns, String name, List<String> cmd) throws LabException {
        Process p = ns.start(cmd, dir.resolve(name + ".log"));
        processes.add(p);
        return p;
    }

    Path log(String name) {
        return dir.resolve(name + ".log");
    }

    /** Copies the logs of this lab's processes ({@code DIR/*.log}) into {@code target}, e.g. a test's artefacts. */
    void keepLogs(Path target) throws IOException {
        Files.createDirectories(target);
        try (var logs = Files.newDirectoryStream(dir, "*.log")) {
            for (Path log : logs) {
                Files.copy(log, target.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Deletes the working directory and everything in it ({@link #close} does, after keeping the logs). */
    private void deleteDir() {
        io.fulcrum.system.webdriver.Artefacts.deleteTree(dir);
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        network.close();
        try {
            keepLogs(Path.of("target", "system-logs", dir.getFileName().toString()));
        } catch (IOException e) {
            System.err.println("could not keep the lab's logs from " + dir + ": " + e.getMessage());
        }
        deleteDir();
    }
}
