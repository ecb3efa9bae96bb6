package io.fulcrum.cli;

/**
 * SIGTERM and SIGINT as a clean stop: the JVM turns them into a shutdown whose exit status would be 128 + the
 * signal, so the hook runs the command's stop, flushes the streams and ends the process with 0 itself (halt is
 * the only way to choose the status from a hook).
 */
public final class StopOnSignal {

    private StopOnSignal() {
    }

    /**
     * Installs the hook; {@code stop} runs once, on the hook's thread named {@code name}. Returns the hook, for a
     * command that ends on its own with another status to remove it first.
     */
    public static Thread install(String name, Env env, Runnable stop) {
        Thread hook = Thread.ofPlatform().name(name).unstarted(() -> {
            stop.run();
            env.out().flush();
            env.err().flush();
            Runtime.getRuntime().halt(ExitCodes.OK);
        });
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }
}
