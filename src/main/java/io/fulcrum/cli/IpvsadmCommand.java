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

    /** The arguments meant for ipvsadm: all but {@code --socket PATH} / {@code --socket=PATH}. */
    List<String> ipvsadmArgs() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--socket") && i + 1 < args.size()) {
                i++;
            } else if (!a.startsWith("--socket=")) {
                out.add(a);
            }
        }
        return out;
    }

    @Override
    public Integer call() {
        // Unlike ipvsadm, which needs the kernel before it reads its arguments, Fulcrum checks the command line
        // first: a bad one gets ipvsadm's own message and exit code whether or not a daemon runs.
        var parsed = io.fulcrum.cli.ipvsadm.IpvsadmParser.parse(ipvsadmArgs());
        if (parsed instanceof io.fulcrum.cli.ipvsadm.IpvsadmCommand.Failed f) {
            env.err().print(f.stderr());
            env.err().flush();
            return f.exitCode();
        }
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
