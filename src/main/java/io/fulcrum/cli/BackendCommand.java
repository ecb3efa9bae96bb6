package io.fulcrum.cli;

import io.fulcrum.lab.BackendAddress;
import io.fulcrum.lab.BackendException;
import io.fulcrum.lab.BackendFailure;
import io.fulcrum.lab.BackendServer;
import io.fulcrum.lab.BackendSettings;
import io.fulcrum.lab.BackendTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fulcrum backend}: a small HTTP server to stand for a real server in labs, demos, health-check tests and
 * benchmarks. Runs until SIGTERM or SIGINT, then says how many requests it answered and exits 0.
 */
@Command(name = "backend",
        description = {
            "Serve a one-line page over HTTP, as a real server for labs, demos, health checks and benchmarks.",
            "",
            "Every GET, whatever the path, is answered with the text and a newline (Content-Type text/plain; "
                    + "charset=utf-8, Content-Length, and X-Fulcrum-Backend: the listening address). HEAD gets the "
                    + "same headers without the body; any other method gets 405; request bodies are ignored.",
            "",
            "Keep-alive follows the request: HTTP/1.1 keeps the connection unless it says 'Connection: close', "
                    + "HTTP/1.0 only when it says 'Connection: keep-alive'. Pipelined requests are answered in "
                    + "order.",
            "",
            "When every address is bound, one line goes to stdout: "
                    + "'fulcrum backend: listening on ADDR:PORT [ADDR:PORT ...]' with the ports the kernel chose "
                    + "for port 0. SIGTERM or SIGINT stops it: one line on stderr counts the requests answered, "
                    + "and the exit code is 0. Exit codes: 2 for a bad argument, 1 when an address cannot be bound.",
            "",
            "Native epoll is used when Netty's library loads; otherwise Java NIO, said once on stderr.",
            ""
        })
final class BackendCommand implements Callable<Integer> {

    private final Env env;

    @Spec
    CommandSpec spec;

    @Option(names = {"-l", "--listen"}, required = true, paramLabel = "ADDR:PORT",
            description = "Address to listen on, repeatable: 192.0.2.10:80, [2001:db8::10]:80, 0.0.0.0:8080; "
                    + "port 0 picks a free port.")
    List<String> listen = new ArrayList<>();

    @Option(names = {"-t", "--text"}, paramLabel = "TEXT",
            description = "The page's text (default: 'fulcrum backend' and the listening address).")
    String text;

    @Option(names = {"-s", "--status"}, paramLabel = "CODE", defaultValue = "200",
            description = "Status of every page answer, 200-599 but not 204, 205 or 304; the body stays the text "
                    + "(default: ${DEFAULT-VALUE}).")
    int status;

    @Option(names = "--fail-after", paramLabel = "N",
            description = "Answer the first N GET/HEAD requests (counted over all connections and addresses) "
                    + "normally, and every later one as --fail-with says. 0 fails from the start.")
    Long failAfter;

    @Option(names = "--fail-with", paramLabel = "CODE|close", defaultValue = "503",
            description = "The failure after --fail-after: a status, with the body 'CODE Reason' (so a digest "
                    + "check fails too), or 'close' to hang up without answering (default: ${DEFAULT-VALUE}).")
    String failWith;

    @Option(names = "--delay", paramLabel = "MS", defaultValue = "0",
            description = "Wait this long before each answer, 0-60000 ms (default: ${DEFAULT-VALUE}).")
    long delayMillis;

    @Option(names = "--threads", paramLabel = "N",
            description = "Event-loop threads, 1-256 (default: one per CPU).")
    Integer threads;

    @Option(names = "--transport", paramLabel = "KIND", defaultValue = "auto",
            description = "auto (epoll, else NIO), epoll or nio (default: ${DEFAULT-VALUE}).")
    String transport;

    BackendCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        BackendSettings settings = settings();
        BackendServer server;
        try {
            server = BackendServer.start(settings, note -> env.err().println("fulcrum backend: " + note));
        } catch (BackendException e) {
            env.err().println("fulcrum backend: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        StopOnSignal.install("fulcrum-backend-stop", env, () -> {
            server.close();
            env.err().println("fulcrum backend: stopped after " + server.stats());
        });
        // ready only now: a script that signals as soon as it reads this line gets the clean stop
        env.out().println("fulcrum backend: listening on "
                + server.addresses().stream().map(BackendAddress::toString).collect(Collectors.joining(" ")));
        server.awaitClose();
        return ExitCodes.OK;
    }

    private BackendSettings settings() {
        try {
            List<BackendAddress> addresses = new ArrayList<>();
            for (String l : listen) {
                try {
                    addresses.add(BackendAddress.parse(l));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--listen " + e.getMessage(), e);
                }
            }
            return new BackendSettings(addresses, Optional.ofNullable(text), status,
                    failAfter == null ? OptionalLong.empty() : OptionalLong.of(failAfter),
                    BackendFailure.parse(failWith), Duration.ofMillis(delayMillis),
                    threads != null ? threads : BackendSettings.defaultThreads(), transport());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private BackendTransport transport() {
        return switch (transport) {
            case "auto" -> BackendTransport.AUTO;
            case "epoll" -> BackendTransport.EPOLL;
            case "nio" -> BackendTransport.NIO;
            default -> throw new IllegalArgumentException("--transport '" + transport
                    + "' is not one of auto, epoll, nio");
        };
    }
}
