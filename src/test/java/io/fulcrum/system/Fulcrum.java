package io.fulcrum.system;

import io.fulcrum.cli.DaemonLauncher;
import io.fulcrum.cli.Env;
import io.fulcrum.cli.Main;
import io.fulcrum.cli.RunSettings;
import io.fulcrum.lab.LabException;
import io.fulcrum.lab.Netns;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code fulcrum run} from the built jar inside a namespace, and {@code fulcrum ipvsadm} against it from this
 * process (the control socket is a file, reachable from any namespace).
 */
final class Fulcrum implements Director {

    private final Process process;
    private final Path socket;
    private final Path log;

    private Fulcrum(Process process, Path socket, Path log) {
        this.process = process;
        this.socket = socket;
        this.log = log;
    }

    static List<String> java(String... args) {
        // signals at their defaults, as a service manager starts a daemon (see cli.FulcrumProcess)
        List<String> cmd = new java.util.ArrayList<>(List.of("env", "--default-signal=HUP,INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar",
                Path.of(System.getProperty("fulcrum.jar", "target/fulcrum.jar")).toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts {@code fulcrum run -f config} in {@code ns} and waits for its control socket. */
    static Fulcrum run(SystemLab lab, Netns ns, String name, Path config, String... extra) throws LabException,
            IOException, InterruptedException {
        Path socket = lab.dir().resolve(name + ".sock");
        List<String> args = new java.util.ArrayList<>(List.of("run", "-f", config.toString(), "--socket",
                socket.toString()));
        args.addAll(List.of(extra));
        Process p = lab.start(ns, name, java(args.toArray(String[]::new)));
        Fulcrum f = new Fulcrum(p, socket, lab.log(name));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(socket) && f.log().contains(" ready "))) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("fulcrum run did not get ready:\n" + f.log());
            }
            Thread.sleep(50);
        }
        return f;
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** {@code fulcrum ipvsadm ARGS} against this daemon, in this process; its standard output. */
    String ipvsadm(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "ipvsadm";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli(all);
    }

    /** {@code fulcrum status} against this daemon. */
    String status() {
        return cli("status");
    }

    /** {@code fulcrum ARGS} against this daemon, in this process; its standard output. */
    String cli(String... all) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Env env = new Env(Map.of("FULCRUM_SOCKET", socket.toString()), new PrintWriter(out, true),
                new PrintWriter(err, true), new ByteArrayInputStream(new byte[0]));
        int code = Main.run(all, env, new DaemonLauncher() {
            @Override
            public int run(RunSettings settings, Env environment) {
                throw new UnsupportedOperationException("no daemon here");
            }

            @Override
            public Running start(RunSettings settings, Consumer<String> logLines) throws StartFailure {
                throw new StartFailure("no daemon here");
            }
        });
        if (code != 0) {
            throw new AssertionError("fulcrum " + String.join(" ", all) + " exited " + code + ": " + err);
        }
        return out.toString();
    }

    /** SIGKILL: nothing of the daemon's own shutdown runs. */
    @Override
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** The daemon's process id (ip netns exec replaced itself with it): for signals such as SIGHUP. */
    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
