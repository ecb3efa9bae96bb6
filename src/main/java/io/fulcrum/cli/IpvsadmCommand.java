package io.fulcrum.cli;

import io.fulcrum.cli.ipvsadm.IpvsadmCommand.Failed;
import io.fulcrum.cli.ipvsadm.IpvsadmCommand.Ok;
import io.fulcrum.cli.ipvsadm.IpvsadmParser;
import io.fulcrum.cli.ipvsadm.IpvsadmSession;
import io.fulcrum.cli.ipvsadm.IpvsadmTexts;
import java.nio.charset.StandardCharsets;
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
            "default " + Env.DEFAULT_SOCKET + ". 'fulcrum ipvsadm -h' prints ipvsadm's own help."
        })
final class IpvsadmCommand implements Callable<Integer> {

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
        return env.socket(null);
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
        return switch (IpvsadmParser.parse(ipvsadmArgs())) {
            case Failed f -> {
                env.err().print(f.stderr());
                env.err().flush();
                yield f.exitCode();
            }
            case Ok ok -> {
                try (DaemonChannel channel = new DaemonChannel(socket(), "fulcrum ipvsadm " + Main.version())) {
                    IpvsadmSession session = new IpvsadmSession(channel, env.out(), env.err(), IpvsadmTexts.load());
                    yield session.execute(ok.command(),
                            () -> new String(env.in().readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        };
    }
}
