package io.fulcrum.cli;

import io.fulcrum.cli.ipvsadm.IpvsadmSession.ChannelException;
import io.fulcrum.control.ControlRequest;
import io.fulcrum.control.ControlResponse;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fulcrum reload}: asks the running daemon to read its configuration file again and apply the difference,
 * as SIGHUP does; prints what changed, or the configuration's problems when it was refused.
 */
@Command(name = "reload", description = {
    "Make the running daemon read its configuration file again and apply the difference (as SIGHUP does).",
    "Unchanged VRRP instances keep their state, unchanged checkers their up/down state, established",
    "connections go on, removed virtual servers drain. A configuration with errors is refused: the running one",
    "keeps serving and its problems are printed as FILE:LINE:COLUMN: error|warning: MESSAGE.",
    "Exit status: 0 applied, 4 refused for configuration errors (3 when unreadable), 1 no daemon or another",
    "failure."
})
final class ReloadCommand implements Callable<Integer> {

    private final Env env;

    @Option(names = "--socket", paramLabel = "PATH", description = "The daemon's control socket (default:"
            + " $FULCRUM_SOCKET, else " + Env.DEFAULT_SOCKET + ").")
    Path socket;

    ReloadCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        try (DaemonChannel channel = new DaemonChannel(env.socket(socket), "fulcrum reload " + Main.version())) {
            ControlResponse r = channel.call(new ControlRequest.Reload());
            return switch (r) {
                case ControlResponse.Ok(ControlResponse.Reloaded done) -> print(done);
                case ControlResponse.Ok ok -> {
                    env.err().println("fulcrum reload: the daemon answered with " + ok.payload().getClass()
                            .getSimpleName() + " instead of a reload outcome");
                    yield ExitCodes.FAILURE;
                }
                case ControlResponse.Error e -> {
                    env.err().println("fulcrum reload: " + e.message());
                    yield ExitCodes.FAILURE;
                }
            };
        } catch (ChannelException e) {
            env.err().println("fulcrum reload: " + e.getMessage());
            return ExitCodes.FAILURE;
        } finally {
            env.out().flush();
            env.err().flush();
        }
    }

    private int print(ControlResponse.Reloaded r) {
        r.problems().forEach(env.err()::println);
        if (!r.applied()) {
            env.err().println("fulcrum reload: refused, the running configuration keeps serving");
            return r.problems().stream().anyMatch(p -> p.startsWith(ConfigSource.UNREADABLE)) ? ExitCodes.CONFIG_UNREADABLE
                    : ExitCodes.CONFIG_ERRORS;
        }
        r.changes().forEach(env.out()::println);
        env.out().println("Reload finished in " + r.millis() + " ms");
        return ExitCodes.OK;
    }
}
