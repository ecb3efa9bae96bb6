package io.fulcrum.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The built jar as a process: one-shot commands (with standard input) and a daemon started in the background. */
final class FulcrumProcess {

    record Run(int code, String out, String err) {
    }

    private FulcrumProcess() {
    }

    static List<String> command(String... args) {
        // signals at their defaults, as a service manager starts a daemon: a test run from a background job or
        // under nohup would otherwise pass on SIGINT or SIGHUP ignored, and the JVM keeps an ignored one ignored
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=HUP,INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", System.getProperty("fulcrum.jar", "target/fulcrum.jar")));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs a command to its end, feeding {@code stdin}. */
    /**
     * {@code fulcrum ARGS} without CAP_NET_RAW and CAP_NET_ADMIN: as root through setpriv (dropped from the
     * bounding set), otherwise as the unprivileged user this already is.
     */
    static Run runUnprivileged(String... args) throws IOException, InterruptedException {
        boolean root = Files.readString(Path.of("/proc/self/status")).contains("\nUid:\t0\t");
        Path setpriv = Path.of("/usr/bin/setpriv");
        if (!root) {
            return run("", args);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(setpriv), "needs setpriv (util-linux)");
        List<String> cmd = new java.util.ArrayList<>(List.of(setpriv.toString(), "--inh-caps=-all",
                "--bounding-set=-net_admin,-net_raw", "--"));
        cmd.addAll(command(args));
        return runCommand("", cmd, String.join(" ", args));
    }

    static Run run(String stdin, String... args) throws IOException, InterruptedException {
        return runCommand(stdin, command(args), String.join(" ", args));
    }

    private static Run runCommand(String stdin, List<String> command, String what)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("fulcrum-out", ".txt");
        Path err = Files.createTempFile("fulcrum-err", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("fulcrum " + what + " did not finish in 60 s");
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** A {@code fulcrum run} in the background, its output in files. */
    record Daemon(Process process, Path socket, Path out, Path err) {

        /** {@code fulcrum run -f config --socket socket} with {@code more} arguments after them. */
        static Daemon start(Path dir, String name, Path config, Path socket, String... more) throws IOException {
            List<String> args = new ArrayList<>(List.of("run", "-f", config.toString(), "--socket", socket.toString()));
            args.addAll(List.of(more));
            return launch(dir, name, socket, command(args.toArray(String[]::new)));
        }

        /** Starts {@code cmd} (a {@code fulcrum run}, perhaps wrapped) with its output in files of {@code dir}. */
        static Daemon launch(Path dir, String name, Path socket, List<String> cmd) throws IOException {
            Path out = dir.resolve(name + ".out");
            Path err = dir.resolve(name + ".err");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE).start();
            return new Daemon(p, socket, out, err);
        }

        /** Waits until the log says the socket is ready; fails with the daemon's output otherwise. */
        Daemon awaitReady() throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS) && Files.readString(out).contains(" ready ")) {
                    return this;
                }
                if (!process.isAlive()) {
                    throw new AssertionError("the daemon ended with " + process.exitValue() + ":\n" + output());
                }
                Thread.sleep(50);
            }
            process.destroyForcibly();
            throw new AssertionError("the daemon did not get ready in 60 s:\n" + output());
        }

        String output() throws IOException {
            return Files.readString(out) + Files.readString(err);
        }

        String log() throws IOException {
            return Files.readString(out);
        }

        String errors() throws IOException {
            return Files.readString(err);
        }

        /** Sends a signal by the process id (TERM, INT, KILL) and waits for the end; returns the exit status. */
        int signal(String name) throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new AssertionError("kill -" + name + " failed");
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the daemon did not stop within 30 s of SIG" + name + ":\n" + output());
            }
            return process.exitValue();
        }

        void stop() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    /** A {@code fulcrum backend} process on 127.0.0.1, a port the kernel picked. */
    record Backend(Process process, int port) implements AutoCloseable {

        static final String READY = "fulcrum backend: listening on 127.0.0.1:";

        /** Starts one answering {@code text}; {@link #ready()} waits for its port. */
        static Process start(Path dir, String name, String text) throws IOException {
            return new ProcessBuilder(command("backend", "--listen", "127.0.0.1:0", "--text", text, "--threads", "1"))
                    .redirectError(dir.resolve(name + ".err").toFile()).start();
        }

        /** Reads the ready line of a started backend. */
        static Backend ready(Process p) throws IOException {
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith(READY)) {
                p.destroyForcibly();
                throw new AssertionError("the backend did not start: " + line);
            }
            return new Backend(p, Integer.parseInt(line.substring(READY.length()).strip()));
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
