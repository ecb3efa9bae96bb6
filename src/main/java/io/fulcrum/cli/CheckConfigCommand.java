package io.fulcrum.cli;

import io.fulcrum.config.ConfigDumper;
import io.fulcrum.config.LoadResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fulcrum check-config}: keepalived -t with positions and suggestions. */
@Command(name = "check-config",
        description = {
            "Check a keepalived.conf, like 'keepalived -t'.",
            "Every problem is printed as FILE:LINE:COLUMN: error|warning: MESSAGE.",
            "Exit status: 0 no errors (warnings allowed), 3 the file cannot be read, 4 configuration errors."
        })
final class CheckConfigCommand implements Callable<Integer> {

    private final Env env;

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--dump", description = "Print the effective configuration in canonical keepalived syntax "
            + "(includes expanded, parameters substituted, defaults filled in).")
    boolean dump;

    CheckConfigCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        LoadResult r = config.load(env);
        long errors = ConfigOptions.report(r, env);
        if (r.readError().isPresent()) {
            env.err().println("fulcrum check-config: cannot read configuration: " + r.readError().get());
            return ExitCodes.CONFIG_UNREADABLE;
        }
        if (dump) {
            env.out().print(ConfigDumper.dump(r.config().orElseThrow()));
        }
        env.err().println(config.file + ": " + plural(errors, "error") + ", "
                + plural(r.warningCount(), "warning"));
        return errors > 0 ? ExitCodes.CONFIG_ERRORS : ExitCodes.OK;
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
