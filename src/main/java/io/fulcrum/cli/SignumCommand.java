package io.fulcrum.cli;

import io.fulcrum.control.DaemonSignal;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code fulcrum signum NAME}: the number of the signal that asks a running daemon for NAME, as
 * {@code keepalived --signum=NAME} prints it, for {@code kill -$(fulcrum signum JSON) PID}.
 */
@Command(name = "signum", description = {
    "Print the number of the signal for NAME, as keepalived --signum=NAME does:",
    "DATA (10, data dump), STATS (12, stats dump), STATS_CLEAR (63, stats dump then zero the counters),",
    "JSON (36, JSON dump), RELOAD (1), STOP (15). Example: kill -$(fulcrum signum JSON) $(pidof java)"
})
final class SignumCommand implements Callable<Integer> {

    private final Env env;

    @Parameters(paramLabel = "NAME", description = "DATA, STATS, STATS_CLEAR, JSON, RELOAD or STOP.")
    String name;

    SignumCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        return DaemonSignal.byName(name).map(s -> {
            env.out().println(s.number());
            env.out().flush();
            return ExitCodes.OK;
        }).orElseGet(() -> {
            // keepalived prints "Unknown sigfunc NAME" and fails
            env.err().println("fulcrum signum: unknown signal function '" + name + "': expected one of "
                    + Arrays.stream(DaemonSignal.values()).map(Enum::name).collect(Collectors.joining(", ")));
            env.err().flush();
            return ExitCodes.USAGE;
        });
    }
}
