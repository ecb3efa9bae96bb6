package io.fulcrum.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fulcrum} command: one program that reads keepalived.conf, answers ipvsadm command lines and runs the
 * director. Every subcommand has its own help ({@code fulcrum help COMMAND}).
 */
@Command(name = "fulcrum",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Fulcrum: a high-availability layer-4 load balancer on the JVM that reads keepalived.conf, "
                + "speaks VRRP and answers ipvsadm.",
        subcommands = {
            RunCommand.class,
            CheckConfigCommand.class,
            IpvsadmCommand.class,
            StatusCommand.class,
            DumpCommand.class,
            SignumCommand.class,
            ReloadCommand.class,
            GenhashCommand.class,
            DemoCommand.class,
            BackendCommand.class,
            RealserverCommand.class,
            LabCommand.class,
            VersionCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // 'fulcrum' alone: show what it can do
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** This build's version ({@code dev} when not run from the jar). */
    public static String version() {
        return VersionCommand.version();
    }

    /**
     * Runs a command line in-process and returns the exit code; {@code daemon} runs {@code fulcrum run} (the
     * composition root gives the real one, tests a recording one).
     */
    public static int run(String[] args, Env env, DaemonLauncher daemon) {
        CommandLine cl = new CommandLine(new Main(), new CommandFactory(env, daemon));
        cl.setOut(env.out());
        cl.setErr(env.err());
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            env.err().println("fulcrum: " + line.getCommandName() + ": " + describe(ex));
            if (env.debug()) {
                ex.printStackTrace(env.err());
            }
            return ExitCodes.SOFTWARE;
        });
        cl.setParameterExceptionHandler((ex, argv) -> {
            CommandLine c = ex.getCommandLine();
            // a subcommand's subcommand is named with its parents: fulcrum realserver start
            String qualified = c.getCommandSpec().qualifiedName();
            String name = c == cl ? c.getCommandName() : qualified.substring(qualified.indexOf(' ') + 1);
            env.err().println("fulcrum " + name + ": " + ex.getMessage());
            env.err().println("Try 'fulcrum " + (c == cl ? "" : name + " ") + "--help' for usage.");
            return ExitCodes.USAGE;
        });
        int code = cl.execute(args);
        env.out().flush();
        env.err().flush();
        return code;
    }

    private static String describe(Throwable ex) {
        String m = ex.getMessage();
        return ex.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** Creates commands with the environment (and, for run, the daemon) injected: no static state. */
    private record CommandFactory(Env env, DaemonLauncher daemon) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == RunCommand.class) {
                return cls.cast(new RunCommand(env, daemon));
            }
            if (cls == DemoCommand.class) {
                return cls.cast(new DemoCommand(env, daemon));
            }
            try {
                return cls.getDeclaredConstructor(Env.class).newInstance(env);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
