package io.fulcrum.cli;

import io.fulcrum.config.LoadResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code fulcrum run}: the director daemon. This version reads and checks the configuration; the daemon itself
 * (virtual server table, control socket, VRRP, checks, forwarding) is not part of it yet, and the command says so
 * instead of pretending to serve.
 */
@Command(name = "run",
        description = {
            "Run the director from keepalived.conf (this version only checks the configuration).",
            "The director serves the virtual servers, health checks and VRRP instances of keepalived.conf.",
            "The daemon is not built yet: this version reads and checks the configuration, says so and stops."
        })
final class RunCommand implements Callable<Integer> {

    private final Env env;

    @Mixin
    ConfigOptions config = new ConfigOptions();

    RunCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        LoadResult r = config.load(env);
        ConfigOptions.report(r, env);
        if (r.readError().isPresent()) {
            env.err().println("fulcrum run: cannot read configuration: " + r.readError().get());
            return ExitCodes.CONFIG_UNREADABLE;
        }
        var c = r.config().orElseThrow();
        env.err().println("fulcrum run: " + config.file + ": " + c.vrrpInstances().size() + " VRRP instance(s), "
                + c.virtualServers().size() + " virtual server(s), " + r.errorCount() + " error(s)");
        env.err().println("fulcrum run: the daemon is not available in this version of Fulcrum "
                + "(configuration checked only); nothing is served");
        return ExitCodes.FAILURE;
    }
}
