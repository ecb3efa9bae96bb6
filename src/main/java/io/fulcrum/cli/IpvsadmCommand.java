package io.fulcrum.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code fulcrum ipvsadm ...}: ipvsadm's command line, answered by the running daemon over its control socket.
 * Every argument is passed through unparsed here; {@code --socket PATH} (or FULCRUM_SOCKET) picks the socket.
 */
@Command(name = "ipvsadm",
        description = {
            "ipvsadm's command line, answered by the running Fulcrum daemon.",
            "Administer the virtual server table with ipvsadm's options (-Ln, -A/-a/-e/-d, -S/-R, --stats,",
            "--rate, -c ...). Talks to the daemon through its control socket: --socket PATH, or FULCRUM_SOCKET,",
            "default /run/fulcrum/fulcrum.sock."
        })
final class IpvsadmCommand implements Callable<Integer> {

    static final String DEFAULT_SOCKET = "/run/fulcrum/fulcrum.sock";

    private final Env env;

    @Unmatched
    List<String> args = new ArrayList<>();

    IpvsadmCommand(Env env) {
        this.env = env;
    }

    Path socket() {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--socket") && i + 1 < args.size()) {
                return Path.of(args.get(i + 1));
            }
            if (a.startsWith("--socket=")) {
                return Path.of(a.substring("--socket=".length()));
            }
        }
        return Path.of(env.variable("FULCRUM_SOCKET").orElse(DEFAULT_SOCKET));
    }

    @Override
    public Integer call() {
        Path s = socket();
        if (!Files.exists(s)) {
            env.err().println("fulcrum ipvsadm: no Fulcrum daemon is running: control socket " + s
                    + " does not exist (start one with 'fulcrum run -f keepalived.conf', or give --socket PATH"
                    + " / FULCRUM_SOCKET)");
        } else {
            env.err().println("fulcrum ipvsadm: " + s + " exists, but this version of Fulcrum has no control"
                    + " protocol yet; nothing was changed");
        }
        return ExitCodes.FAILURE;
    }
}
