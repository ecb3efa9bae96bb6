package io.fulcrum.cli;

import io.fulcrum.cli.ipvsadm.IpvsadmCommand.Failed;
import io.fulcrum.cli.ipvsadm.IpvsadmCommand.Ok;
import io.fulcrum.cli.ipvsadm.IpvsadmParser;
import io.fulcrum.cli.ipvsadm.IpvsadmSession;
import io.fulcrum.cli.ipvsadm.IpvsadmTexts;
import io.fulcrum.common.IpAddress;
import io.fulcrum.common.Problem;
import io.fulcrum.config.ConfigLoader;
import io.fulcrum.config.FileAccess;
import io.fulcrum.config.LoadResult;
import io.fulcrum.config.PreprocessOptions;
import io.fulcrum.lab.BackendAddress;
import io.fulcrum.lab.BackendException;
import io.fulcrum.lab.BackendServer;
import io.fulcrum.lab.BackendSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fulcrum demo}: the README's first command. Starts two {@code fulcrum backend} servers and a daemon in this
 * process on the embedded demo configuration (127.0.0.1:8080, round robin, full NAT through the proxy), shows the
 * table as {@code ipvsadm -Ln} prints it, a few requests alternating between the backends and the table with its
 * counters, then serves until Ctrl-C. Needs no root: everything is on 127.0.0.1.
 */
@Command(name = "demo",
        description = {
            "The quick-start demo: a load-balanced virtual server on 127.0.0.1, no root needed.",
            "Starts two HTTP backends (\"This is Real Server 1\" and \"2\", on 127.0.0.1:8081 and :8082 when free)",
            "and a Fulcrum daemon in this process with the virtual server 127.0.0.1:8080 (round robin, full NAT",
            "through the user-space proxy); prints the table as 'ipvsadm -Ln' shows it, a few requests",
            "alternating between the backends, and the table's counters; then serves until Ctrl-C.",
            "The daemon's control socket is in a temporary directory: the output gives the 'fulcrum ipvsadm'",
            "command to use from another terminal."
        })
final class DemoCommand implements Callable<Integer> {

    static final String RESOURCE = "demo.conf";
    static final String HOST = "127.0.0.1";
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final Env env;
    private final DaemonLauncher launcher;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "The virtual server's port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "6",
            description = "How many requests the demo sends through the virtual server (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--exit",
            description = "Stop after the requests and the table instead of serving until Ctrl-C.")
    boolean exit;

    DemoCommand(Env env, DaemonLauncher launcher) {
        this.env = env;
        this.launcher = launcher;
    }

    static String demoConfig() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("the embedded " + RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = env.out();
        PrintWriter err = env.err();
        if (port < 1 || port > 65535 || requests < 0) {
            err.println("fulcrum demo: --port must be 1-65535 and --requests at least 0");
            return ExitCodes.USAGE;
        }
        String busy = inUse(port);
        if (busy != null) {
            err.println("fulcrum demo: " + HOST + ":" + port + " is in use (" + busy + "): stop what listens there,"
                    + " or run 'fulcrum demo --port PORT' with a free port");
            return 1;
        }
        Demo demo = new Demo();
        try {
            int started = demo.start();
            if (started != ExitCodes.OK) {
                demo.close();
                return started;
            }
            demo.show(out);
        } catch (IOException | RuntimeException e) {
            demo.close();
            throw e;
        }
        if (exit) {
            demo.close();
            out.println("Stopped.");
            return ExitCodes.OK;
        }
        out.println("Serving http://" + HOST + ":" + port + "/ until Ctrl-C (try: curl http://" + HOST + ":" + port
                + "/).");
        out.flush();
        CountDownLatch forever = new CountDownLatch(1);
        StopOnSignal.install("fulcrum-demo-stop", env, () -> {
            demo.close();
            out.println();
            out.println("Stopped.");
            out.flush();
        });
        forever.await();
        return ExitCodes.OK;
    }

    /** Why {@code 127.0.0.1:port} cannot be listened on, or null when it can. */
    static String inUse(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(HOST, port));
            return null;
        } catch (IOException e) {
            return String.valueOf(e.getMessage());
        }
    }

    /** The demo's parts: backends, daemon and temporary directory, closed in reverse order. */
    private final class Demo {

        private final List<BackendServer> backends = new ArrayList<>();
        private Path dir;
        private PrintWriter log;
        private DaemonLauncher.Running daemon;
        private boolean closed;

        int start() throws IOException {
            PrintWriter err = env.err();
            for (int n = 1; n <= 2; n++) {
                backends.add(backend(n));
            }
            dir = Files.createTempDirectory("fulcrum-demo-");
            Path logFile = dir.resolve("fulcrum.log");
            log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8), true);
            LoadResult r = new ConfigLoader(FileAccess.none(), PreprocessOptions.of("fulcrum-demo", Map.of(
                    "DEMO_PORT", Integer.toString(port),
                    "DEMO_RS1_PORT", Integer.toString(backendPort(0)),
                    "DEMO_RS2_PORT", Integer.toString(backendPort(1)))))
                    .loadText("<demo.conf>", Path.of("."), demoConfig());
            if (r.hasErrors() || r.config().isEmpty()) {
                r.problems().stream().map(Problem::format).forEach(err::println);
                err.println("fulcrum demo: the embedded demo configuration has errors");
                return ExitCodes.SOFTWARE;
            }
            RunSettings settings = new RunSettings(Path.of("<demo.conf>"), r.config().get(), 0, r.warningCount(),
                    dir.resolve("fulcrum.sock"), Dataplane.AUTO);
            try {
                // PrintWriter locks itself: the daemon's threads may log while close() holds this demo's lock
                daemon = launcher.start(settings, log::println);
            } catch (DaemonLauncher.StartFailure e) {
                err.println("fulcrum demo: the daemon did not start: " + e.getMessage());
                return 1;
            }
            if (!daemon.forwardingProblems().isEmpty()) {
                daemon.forwardingProblems().forEach(p -> err.println("fulcrum demo: " + p));
                err.println("fulcrum demo: the virtual server " + HOST + ":" + port + " cannot be served; try"
                        + " 'fulcrum demo --port PORT' with a free port");
                return 1;
            }
            return ExitCodes.OK;
        }

        private BackendServer backend(int n) throws IOException {
            String text = "This is Real Server " + n;
            int preferred = port + n <= 65535 ? port + n : 0;
            try {
                return BackendServer.start(settings(preferred, text), note -> { });
            } catch (BackendException e) {
                try {
                    return BackendServer.start(settings(0, text), note -> { });
                } catch (BackendException again) {
                    throw new IOException("cannot start the demo's backend " + n + ": " + again.getMessage(), again);
                }
            }
        }

        private static BackendSettings settings(int port, String text) {
            return BackendSettings.of(List.of(new BackendAddress(IpAddress.parse(HOST), port))).withText(text)
                    .withThreads(1);
        }

        private int backendPort(int i) {
            return backends.get(i).addresses().getFirst().port();
        }

        void show(PrintWriter out) throws IOException {
            Path socket = daemon.socket();
            out.println("Fulcrum demo " + VersionCommand.version() + ": the virtual server " + HOST + ":" + port
                    + ", round robin, full NAT through Fulcrum's user-space proxy");
            for (int i = 0; i < backends.size(); i++) {
                out.println("  real server " + HOST + ":" + backendPort(i) + ": 'fulcrum backend' answering \"This is"
                        + " Real Server " + (i + 1) + "\"" + (backendPort(i) == port + i + 1 ? ""
                        : " (port " + (port + i + 1) + " was taken)"));
            }
            out.println("  daemon log: " + dir.resolve("fulcrum.log"));
            out.println("  from another terminal: " + program() + " ipvsadm --socket " + socket + " -Ln");
            out.println();
            ipvsadm(out, socket, "-Ln");
            out.println();
            out.println(requests + " requests to http://" + HOST + ":" + port + "/, a new connection each:");
            InetSocketAddress vip = new InetSocketAddress(HOST, port);
            for (int i = 1; i <= requests; i++) {
                String answer;
                try {
                    answer = HttpProbe.get(vip, REQUEST_TIMEOUT).body().strip();
                } catch (IOException e) {
                    answer = "failed: " + e.getMessage();
                }
                out.println("  " + i + ": " + answer);
                out.flush();
            }
            out.println();
            ipvsadm(out, socket, "-Ln", "--stats");
            out.println();
        }

        /** Prints {@code $ fulcrum ipvsadm ARGS} and what it prints, as that command would. */
        private void ipvsadm(PrintWriter out, Path socket, String... args) {
            out.println("$ fulcrum ipvsadm " + String.join(" ", args));
            switch (IpvsadmParser.parse(List.of(args))) {
                case Failed f -> env.err().print(f.stderr());
                case Ok ok -> {
                    try (DaemonChannel channel = new DaemonChannel(socket, "fulcrum demo " + Main.version())) {
                        new IpvsadmSession(channel, out, env.err(), IpvsadmTexts.load()).execute(ok.command(),
                                () -> "");
                    }
                }
            }
            out.flush();
        }

        /** How the user runs fulcrum: bin/fulcrum from the checkout when launched by it, else 'fulcrum'. */
        private String program() {
            return env.variable("FULCRUM_HOME").map(h -> {
                Path launcher = Path.of(h, "bin", "fulcrum");
                Path here = Path.of("").toAbsolutePath();
                return launcher.startsWith(here) ? here.relativize(launcher).toString() : launcher.toString();
            }).orElse("fulcrum");
        }

        synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (daemon != null) {
                daemon.close();
            }
            backends.forEach(BackendServer::close);
            if (log != null) {
                log.close();
            }
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException | UncheckedIOException e) {
                    env.err().println("fulcrum demo: could not remove " + dir + ": " + e.getMessage());
                }
            }
        }
    }
}
