package io.fulcrum.cli;

import io.fulcrum.cli.ipvsadm.IpvsadmSession.ChannelException;
import io.fulcrum.control.ControlRequest;
import io.fulcrum.control.ControlResponse;
import io.fulcrum.control.DumpKind;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fulcrum dump --data|--stats|--json}: keepalived's dumps of the running daemon over the control socket. The
 * daemon writes the file as the signal would (keepalived.data, .stats, .json in $TMPDIR or /tmp, or the
 * configured state_dump_file / stats_dump_file / json_dump_file); the command prints the text, and with
 * {@code --path} only where it was written.
 */
@Command(name = "dump", description = {
    "Have the running daemon write one of keepalived's dumps, as kill -USR1 (--data), -USR2 (--stats) or",
    "-$(fulcrum signum JSON) (--json) would, and print it. The file is keepalived.data/.stats/.json in $TMPDIR",
    "(else /tmp) of the daemon, or state_dump_file / stats_dump_file / json_dump_file of global_defs."
})
final class DumpCommand implements Callable<Integer> {

    private final Env env;

    /** Exactly one kind. */
    static final class Kind {
        @Option(names = "--data", required = true, description = "The data dump (SIGUSR1): global definitions,"
                + " VRRP instances, virtual and real servers, checkers.")
        boolean data;

        @Option(names = "--stats", required = true, description = "The VRRP statistics (SIGUSR2).")
        boolean stats;

        @Option(names = "--json", required = true, description = "The VRRP instances as JSON (SIGRTMIN+2).")
        boolean json;

        DumpKind kind() {
            return data ? DumpKind.DATA : stats ? DumpKind.STATS : DumpKind.JSON;
        }
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Kind kind;

    @Option(names = "--socket", paramLabel = "PATH", description = "The daemon's control socket (default:"
            + " $FULCRUM_SOCKET, else " + Env.DEFAULT_SOCKET + ").")
    Path socket;

    @Option(names = "--path", description = "Print only the path of the file written, not the dump.")
    boolean pathOnly;

    DumpCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        try (DaemonChannel channel = new DaemonChannel(env.socket(socket), "fulcrum dump " + Main.version())) {
            ControlResponse r = channel.call(new ControlRequest.Dump(kind.kind()));
            return switch (r) {
                case ControlResponse.Ok(ControlResponse.Dumped d) -> {
                    if (d.text().isEmpty()) {
                        env.err().println("fulcrum dump: the " + d.kind().name().toLowerCase(java.util.Locale.ROOT)
                                + " dump is empty: the daemon runs no VRRP instance (" + d.path() + " written)");
                    }
                    if (pathOnly) {
                        env.out().println(d.path());
                    } else {
                        env.out().print(d.text());
                        if (!d.text().isEmpty() && !d.text().endsWith("\n")) {
                            env.out().println();
                        }
                    }
                    yield ExitCodes.OK;
                }
                case ControlResponse.Ok ok -> {
                    env.err().println("fulcrum dump: the daemon answered with " + ok.payload().getClass()
                            .getSimpleName() + " instead of a dump");
                    yield ExitCodes.FAILURE;
                }
                case ControlResponse.Error e -> {
                    env.err().println("fulcrum dump: " + e.message());
                    yield ExitCodes.FAILURE;
                }
            };
        } catch (ChannelException e) {
            env.err().println("fulcrum dump: " + e.getMessage());
            return ExitCodes.FAILURE;
        } finally {
            env.out().flush();
            env.err().flush();
        }
    }
}
